package org.oodmonitor.job;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.oodmonitor.job.config.MonitorOptions;
import org.oodmonitor.job.sink.KafkaSinks;
import org.oodmonitor.job.source.KafkaSources;
import org.oodmonitor.job.source.ParsedRecord;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.io.BoundedFiles;

/** Wires the pipeline to Kafka: sources and sinks from {@link MonitorOptions}. */
@PublicEvolving
public final class KafkaMonitorJob {

    /** The name the monitor job runs under. */
    public static final String JOB_NAME = "ood-monitor";

    private KafkaMonitorJob() {}

    /**
     * Runs the monitor job with {@code config} in the environment of the caller's context (a local
     * one, or the cluster's when the job jar's main runs inside Flink's client or JobManager), with
     * exactly-once checkpoints at {@code ood.checkpoint.interval}; returns when the job ends.
     */
    public static void execute(Configuration config) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));
        env.enableCheckpointing(
                config.get(MonitorOptions.CHECKPOINT_INTERVAL).toMillis(),
                CheckpointingMode.EXACTLY_ONCE);
        wire(env, config);
        env.execute(JOB_NAME);
    }

    /** Adds sources, the pipeline and sinks to {@code env}. */
    public static void wire(StreamExecutionEnvironment env, Configuration config) {
        if (config.getOptional(PipelineOptions.OBJECT_REUSE).isEmpty()) {
            // Every record type between operators is immutable, and the one operator that keeps
            // inputs across calls (the scoring buffer) keeps them unchanged, so chained operators
            // can hand records on without Flink's defensive deep copy of each one.
            env.getConfig().enableObjectReuse();
        }
        PipelineSettings settings = PipelineSettings.from(config);
        Properties clients = clientProperties(config);
        DataStream<ParsedRecord> images =
                source(
                        env,
                        config,
                        clients,
                        config.get(MonitorOptions.IMAGES_TOPIC),
                        "images",
                        settings);
        DataStream<ParsedRecord> features =
                source(
                        env,
                        config,
                        clients,
                        config.get(MonitorOptions.FEATURES_TOPIC),
                        "features",
                        settings);
        OodMonitorPipeline.Outputs out = OodMonitorPipeline.build(images, features, settings);
        String scoresTopic = config.get(MonitorOptions.SCORES_TOPIC);
        if (!scoresTopic.isBlank()) {
            out.scores()
                    .sinkTo(
                            KafkaSinks.of(
                                    config,
                                    clients,
                                    scoresTopic,
                                    RecordType.OOD_SCORE,
                                    "scores",
                                    config.get(MonitorOptions.DELIVERY),
                                    OodScore::eventId))
                    .name("scores-sink")
                    .uid("scores-sink");
        }
        out.alerts()
                .sinkTo(
                        KafkaSinks.of(
                                config,
                                clients,
                                config.get(MonitorOptions.ALERTS_TOPIC),
                                RecordType.OOD_ALERT,
                                "alerts",
                                config.get(MonitorOptions.ALERTS_DELIVERY),
                                OodScore::eventId))
                .name("alerts-sink")
                .uid("alerts-sink");
        out.windows()
                .sinkTo(
                        KafkaSinks.of(
                                config,
                                clients,
                                config.get(MonitorOptions.WINDOWS_TOPIC),
                                RecordType.OOD_RATE_WINDOW,
                                "windows"))
                .name("windows-sink")
                .uid("windows-sink");
        out.deadLetters()
                .sinkTo(
                        KafkaSinks.of(
                                config,
                                clients,
                                config.get(MonitorOptions.DEAD_LETTER_TOPIC),
                                RecordType.DEAD_LETTER,
                                "dead-letters"))
                .name("dead-letter-sink")
                .uid("dead-letter-sink");
    }

    /** The largest Kafka client properties file read. */
    static final long MAX_PROPERTIES_BYTES = 64 * 1024;

    /**
     * The settings for every Kafka client: the entries of {@code ood.kafka.properties-file}, then
     * the {@code kafka.*} options without the prefix.
     *
     * @throws IllegalArgumentException with a one-line reason when the file cannot be read
     */
    public static Properties clientProperties(Configuration config) {
        Properties props = new Properties();
        String file = config.get(MonitorOptions.KAFKA_PROPERTIES_FILE);
        if (file != null && !file.isBlank()) {
            try {
                byte[] bytes =
                        BoundedFiles.read(
                                Path.of(file), "Kafka properties file", MAX_PROPERTIES_BYTES);
                props.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        MonitorOptions.KAFKA_PROPERTIES_FILE.key() + ": " + e.getMessage(), e);
            }
        }
        config.toMap()
                .forEach(
                        (key, value) -> {
                            if (key.startsWith(MonitorOptions.KAFKA_CLIENT_PREFIX)) {
                                props.setProperty(
                                        key.substring(MonitorOptions.KAFKA_CLIENT_PREFIX.length()),
                                        value);
                            }
                        });
        return props;
    }

    /**
     * The configuration for Flink's environment: {@code config} without the {@code kafka.*}
     * options. The Kafka clients get those through {@link #clientProperties}; kept out of here, no
     * credential reaches the cluster's configuration pages, whatever its key.
     */
    public static Configuration flinkConfiguration(Configuration config) {
        Configuration flink = new Configuration();
        config.toMap()
                .forEach(
                        (key, value) -> {
                            if (!key.startsWith(MonitorOptions.KAFKA_CLIENT_PREFIX)) {
                                flink.setString(key, value);
                            }
                        });
        return flink;
    }

    private static DataStream<ParsedRecord> source(
            StreamExecutionEnvironment env,
            Configuration config,
            Properties clients,
            String topic,
            String name,
            PipelineSettings settings) {
        if (topic.isBlank()) {
            return null;
        }
        var source =
                KafkaSources.of(config, clients, topic, settings.parser(name.equals("images")));
        return KafkaSources.stream(env, source, name, settings);
    }
}
