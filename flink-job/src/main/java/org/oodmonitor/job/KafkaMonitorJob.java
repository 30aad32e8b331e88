package org.oodmonitor.job;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.oodmonitor.job.config.JobConfig;
import org.oodmonitor.job.config.KafkaOptions;
import org.oodmonitor.job.config.KafkaSettings;
import org.oodmonitor.job.config.MonitorOptions;
import org.oodmonitor.job.control.ControlInput;
import org.oodmonitor.job.control.ControlTopic;
import org.oodmonitor.job.sink.KafkaSinks;
import org.oodmonitor.job.source.KafkaSources;
import org.oodmonitor.job.source.ParsedRecord;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.RecordType;

/** Wires the pipeline to Kafka: sources and sinks from {@link MonitorOptions}. */
@PublicEvolving
public final class KafkaMonitorJob {

    /** The name the monitor job runs under. */
    public static final String JOB_NAME = "ood-monitor";

    private KafkaMonitorJob() {}

    /**
     * Runs the monitor job with {@code config} in the environment of the caller's context (a local
     * one, or the cluster's when the job jar's main runs inside Flink's client or JobManager), with
     * checkpoints at Flink's {@code execution.checkpointing.interval} (default {@link
     * MonitorOptions#DEFAULT_CHECKPOINT_INTERVAL}); returns when the job ends.
     */
    public static void execute(Configuration config) throws Exception {
        execute(config, null);
    }

    /**
     * As {@link #execute(Configuration)}, with the control topic's read that the caller made before
     * (null: read it here), so that a local start reads it once.
     */
    public static void execute(Configuration config, ControlTopic.Read control) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));
        // Flink's own interval wherever it was set (the job's options or the cluster's); the
        // exactly-once output commits at each checkpoint, so never none.
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(
                    MonitorOptions.DEFAULT_CHECKPOINT_INTERVAL.toMillis(),
                    CheckpointingMode.EXACTLY_ONCE);
        }
        wire(env, config, control);
        env.execute(JOB_NAME);
    }

    /** Adds sources, the pipeline and sinks to {@code env}. */
    public static void wire(StreamExecutionEnvironment env, Configuration config) {
        wire(env, config, null);
    }

    private static void wire(
            StreamExecutionEnvironment env, Configuration config, ControlTopic.Read control) {
        if (config.getOptional(PipelineOptions.OBJECT_REUSE).isEmpty()) {
            // Every record type between operators is immutable, and the one operator that keeps
            // inputs across calls (the scoring buffer) keeps them unchanged, so chained operators
            // can hand records on without Flink's defensive deep copy of each one.
            env.getConfig().enableObjectReuse();
        }
        JobConfig.refuseReplaced(config.toMap().keySet());
        wire(env, PipelineSettings.from(config), KafkaSettings.from(config), control);
    }

    /** Adds sources, the pipeline and sinks to {@code env}, each from its part of the settings. */
    public static void wire(
            StreamExecutionEnvironment env, PipelineSettings settings, KafkaSettings kafka) {
        wire(env, settings, kafka, null);
    }

    /**
     * As {@link #wire(StreamExecutionEnvironment, PipelineSettings, KafkaSettings)}, with the
     * control topic's read made before (null: read it here).
     */
    public static void wire(
            StreamExecutionEnvironment env,
            PipelineSettings settings,
            KafkaSettings kafka,
            ControlTopic.Read startRead) {
        KafkaSettings.Topics topics = kafka.topics();
        DataStream<ParsedRecord> images = source(env, kafka, topics.images(), "images", settings);
        DataStream<ParsedRecord> features =
                source(env, kafka, topics.features(), "features", settings);
        ControlInput control = ControlInput.none();
        if (topics.controlled()) {
            ControlTopic.Read read =
                    startRead != null
                            ? startRead
                            : ControlTopic.read(kafka, settings.commandCheck());
            control =
                    new ControlInput(
                            read.accepted(),
                            env.fromSource(
                                            KafkaSources.control(
                                                    kafka, ControlTopic.startAt(kafka, read)),
                                            WatermarkStrategy.noWatermarks(),
                                            "control-source")
                                    .uid("control-source")
                                    .setParallelism(1));
        }
        DataStream<RawRecord> labels =
                topics.labelled()
                        ? env.fromSource(
                                        KafkaSources.labels(kafka),
                                        WatermarkStrategy.noWatermarks(),
                                        "labels-source")
                                .uid("labels-source")
                        : null;
        OodMonitorPipeline.Outputs out =
                OodMonitorPipeline.build(images, features, control, labels, settings);
        if (out.quality() != null && !topics.quality().isBlank()) {
            out.quality()
                    .sinkTo(
                            KafkaSinks.of(
                                    kafka, topics.quality(), RecordType.QUALITY_WINDOW, "quality"))
                    .name("quality-sink")
                    .uid("quality-sink");
        }
        if (topics.controlled()) {
            sinkControlOutputs(out, kafka);
        }
        if (!topics.scores().isBlank()) {
            out.scores()
                    .sinkTo(
                            KafkaSinks.scores(
                                    kafka,
                                    topics.scores(),
                                    RecordType.OOD_SCORE,
                                    "scores",
                                    kafka.writing().delivery()))
                    .name("scores-sink")
                    .uid("scores-sink");
        }
        out.alerts()
                .sinkTo(
                        KafkaSinks.scores(
                                kafka,
                                topics.alerts(),
                                RecordType.OOD_ALERT,
                                "alerts",
                                kafka.writing().alertsDelivery()))
                .name("alerts-sink")
                .uid("alerts-sink");
        out.windows()
                .sinkTo(
                        KafkaSinks.of(
                                kafka, topics.windows(), RecordType.OOD_RATE_WINDOW, "windows"))
                .name("windows-sink")
                .uid("windows-sink");
        out.deadLetters()
                .sinkTo(
                        KafkaSinks.of(
                                kafka,
                                topics.deadLetters(),
                                RecordType.DEAD_LETTER,
                                "dead-letters"))
                .name("dead-letter-sink")
                .uid("dead-letter-sink");
        if (!topics.shifts().isBlank()) {
            out.shifts()
                    .sinkTo(KafkaSinks.of(kafka, topics.shifts(), RecordType.SHIFT_ALERT, "shifts"))
                    .name("shifts-sink")
                    .uid("shifts-sink");
        }
    }

    private static void sinkControlOutputs(OodMonitorPipeline.Outputs out, KafkaSettings kafka) {
        KafkaSettings.Topics topics = kafka.topics();
        if (!topics.controlStatus().isBlank()) {
            out.controlStatus()
                    .sinkTo(
                            KafkaSinks.of(
                                    kafka,
                                    topics.controlStatus(),
                                    RecordType.CONTROL_STATUS,
                                    "control-status"))
                    .name("control-status-sink")
                    .uid("control-status-sink")
                    // One writer keeps the statuses in the order the command check decided them.
                    .setParallelism(1);
        }
        if (!topics.shadowScores().isBlank()) {
            out.shadowScores()
                    .sinkTo(
                            KafkaSinks.scores(
                                    kafka,
                                    topics.shadowScores(),
                                    RecordType.OOD_SCORE,
                                    "shadow-scores",
                                    kafka.writing().delivery()))
                    .name("shadow-scores-sink")
                    .uid("shadow-scores-sink");
        }
    }

    /**
     * The configuration for Flink's environment: {@code config} without the {@code kafka.*}
     * options. The Kafka clients get those through {@link KafkaSettings#clientProperties()}; kept
     * out of here, no credential reaches the cluster's configuration pages, whatever its key.
     */
    public static Configuration flinkConfiguration(Configuration config) {
        Configuration flink = new Configuration();
        config.toMap()
                .forEach(
                        (key, value) -> {
                            if (!key.startsWith(KafkaOptions.KAFKA_CLIENT_PREFIX)) {
                                flink.setString(key, value);
                            }
                        });
        return flink;
    }

    private static DataStream<ParsedRecord> source(
            StreamExecutionEnvironment env,
            KafkaSettings kafka,
            String topic,
            String name,
            PipelineSettings settings) {
        if (topic.isBlank()) {
            return null;
        }
        var source = KafkaSources.of(kafka, topic, settings.parser(name.equals("images")));
        return KafkaSources.stream(env, source, name, settings.watermarks());
    }
}
