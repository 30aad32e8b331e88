package org.oodmonitor.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.oodmonitor.cli.Installation;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.job.KafkaMonitorJob;
import org.oodmonitor.job.PipelineSettings;
import org.oodmonitor.job.config.KafkaOptions;
import org.oodmonitor.job.config.KafkaSettings;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.MonitorOptions;
import org.oodmonitor.job.config.StartingOffsets;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.job.source.KafkaSources;
import org.oodmonitor.job.source.ParsedRecord;

/** The jobs the benchmark runs, each in a local Flink environment with one slot per core. */
final class BenchJobs {

    private BenchJobs() {}

    static Properties producer(String servers) {
        Properties p = new Properties();
        p.put("bootstrap.servers", servers);
        p.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        p.put("linger.ms", "0");
        return p;
    }

    static double passThrough(String servers, BenchOptions o) throws Exception {
        Configuration config = jobConfig(servers, "", "in", true, o);
        PipelineSettings settings = PipelineSettings.from(config);
        StreamExecutionEnvironment env = environment(config);
        KafkaSink<byte[]> sink =
                KafkaSink.<byte[]>builder()
                        .setBootstrapServers(servers)
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix("bench-pass-" + System.nanoTime())
                        .setProperty("transaction.timeout.ms", "600000")
                        .setRecordSerializer(new RawBytesSerializer("pass"))
                        .build();
        KafkaSources.stream(
                        env,
                        KafkaSources.of(
                                KafkaSettings.from(config), "in", settings.parser(o.images())),
                        "in",
                        settings.watermarks())
                .filter(ParsedRecord::isEvent)
                .map(r -> r.event().raw().value())
                .returns(byte[].class)
                .sinkTo(sink);
        env.execute("bench-pass-through");
        List<Long> times = OutputTimes.read(servers, "pass", o.events(), Duration.ofMinutes(2));
        return OutputTimes.steadyRate(times);
    }

    static double monitor(
            String servers,
            BenchOptions o,
            String prefix,
            String input,
            String scores,
            boolean bounded)
            throws Exception {
        Configuration config = jobConfig(servers, prefix, input, bounded, o);
        config.set(WindowOptions.WINDOW_SIZE, Duration.ofSeconds(1));
        config.addAll(Configuration.fromMap(o.settings()));
        config.set(TopicOptions.SCORES_TOPIC, scores);
        config.set(TopicOptions.IMAGES_TOPIC, o.images() ? input : "");
        config.set(TopicOptions.FEATURES_TOPIC, o.images() ? "" : input);
        StreamExecutionEnvironment env = environment(config);
        KafkaMonitorJob.wire(env, config);
        env.execute("bench-monitor");
        List<Long> times = OutputTimes.read(servers, scores, o.events(), Duration.ofMinutes(2));
        return OutputTimes.steadyRate(times);
    }

    static JobClient monitorAsync(String servers, BenchOptions o) throws Exception {
        Configuration config = jobConfig(servers, "live-", "live-in", false, o);
        config.set(TopicOptions.SCORES_TOPIC, "live-scores");
        config.set(TopicOptions.IMAGES_TOPIC, o.images() ? "live-in" : "");
        config.set(TopicOptions.FEATURES_TOPIC, o.images() ? "" : "live-in");
        config.set(KafkaOptions.STARTING_OFFSETS, StartingOffsets.EARLIEST);
        config.set(KafkaOptions.ALERTS_DELIVERY, DeliveryGuarantee.AT_LEAST_ONCE);
        config.addAll(Configuration.fromMap(o.settings()));
        StreamExecutionEnvironment env = environment(config);
        KafkaMonitorJob.wire(env, config);
        return env.executeAsync("bench-latency");
    }

    /**
     * Production settings but for the topics, the broker and, with {@code o.model()}, the one model
     * served by default.
     */
    static Configuration jobConfig(
            String servers, String prefix, String input, boolean bounded, BenchOptions o) {
        Configuration config = new Configuration();
        config.set(KafkaOptions.BOOTSTRAP_SERVERS, servers);
        config.set(TopicOptions.IMAGES_TOPIC, input);
        config.set(TopicOptions.FEATURES_TOPIC, "");
        config.set(TopicOptions.ALERTS_TOPIC, prefix + "alerts");
        config.set(TopicOptions.WINDOWS_TOPIC, prefix + "windows");
        config.set(TopicOptions.DEAD_LETTER_TOPIC, prefix + "dlq");
        config.set(TopicOptions.CONTROL_TOPIC, "");
        config.set(TopicOptions.SHIFTS_TOPIC, prefix + "shifts");
        config.set(
                ModelOptions.MODELS,
                Map.of(
                        "fashion-mnist-isomax",
                        Installation.file("models/fashion-mnist-isomax").toString(),
                        "fashion-pooled-vectors",
                        Installation.file("models/fashion-pooled-vectors").toString()));
        config.set(ModelOptions.DEFAULT_MODEL, "fashion-mnist-isomax");
        config.set(
                ModelOptions.SOURCE_DEFAULT_MODELS,
                Map.of("embedding-api", "fashion-pooled-vectors"));
        if (o.model() != null) {
            String name = modelName(o.model());
            config.set(ModelOptions.MODELS, Map.of(name, o.model().toString()));
            config.set(ModelOptions.DEFAULT_MODEL, name);
            config.set(ModelOptions.SOURCE_DEFAULT_MODELS, Map.of());
        }
        config.set(KafkaOptions.STARTING_OFFSETS, StartingOffsets.EARLIEST);
        config.set(KafkaOptions.BOUNDED, bounded);
        config.set(KafkaOptions.GROUP_ID, "bench-" + System.nanoTime());
        config.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, "bench-" + prefix + System.nanoTime());
        return config;
    }

    /** The name the manifest in {@code dir} gives its model. */
    static String modelName(Path dir) {
        try {
            return ModelArtifact.readManifest(dir.resolve(ModelArtifact.MANIFEST)).name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StreamExecutionEnvironment environment(Configuration config) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(
                        Runtime.getRuntime().availableProcessors(), config);
        env.enableCheckpointing(MonitorOptions.checkpointInterval(config).toMillis());
        return env;
    }
}
