package org.oodmonitor.job.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.oodmonitor.job.KafkaMonitorJob;
import org.oodmonitor.job.PipelineSettings;
import org.oodmonitor.job.config.MonitorOptions;
import org.oodmonitor.job.scoring.InferenceThreads;
import org.oodmonitor.job.source.KafkaSources;
import org.oodmonitor.job.source.ParsedRecord;
import org.oodmonitor.kafka.KafkaBroker;
import org.oodmonitor.kafka.LocalKafka;
import org.oodmonitor.kafka.TopicAdmin;

/**
 * {@code ood-monitor bench}: in one run on one machine, the bare forward rate of the model, a
 * pass-through job (Kafka in, parse, Kafka out, exactly once, no model), the monitor job with
 * production settings (steady-state throughput from its outputs' own timestamps), and the
 * end-to-end latency at half the monitor's rate for read_committed and read_uncommitted readers.
 */
public final class BenchCommand {

    static final String USAGE =
            """
            Usage: ood-monitor bench [--events N] [--kind images|features] [--rate R]
                                     [--latency-seconds S] [--out FILE]
              Starts a local Kafka broker, pre-loads N events (default 20000) of one kind, and
              measures in one run: the bare batched forward rate of the model, a pass-through job
              (parse and copy, exactly once, no model), the monitor job (steady state, from its
              outputs' timestamps) and the end-to-end latency at R events/s (default: half the
              monitor's rate) for read_committed and read_uncommitted consumers. Prints a table
              and writes it as JSON to FILE (default bench-results.json).
            """;

    private BenchCommand() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ood-monitor bench: " + e.getMessage() + " (see --help)");
            return 2;
        }
        if (options == null) {
            System.out.print(USAGE);
            return 0;
        }
        try {
            Map<String, Object> results = measure(options);
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            Files.write(options.out(), json.writeValueAsBytes(results));
            System.out.println("Results written to " + options.out());
            return 0;
        } catch (Exception e) {
            System.err.println(
                    "ood-monitor bench: " + String.valueOf(e.getMessage()).replace('\n', ' '));
            return 1;
        }
    }

    private static Map<String, Object> measure(BenchOptions o) throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("events", o.events());
        results.put("kind", o.images() ? "images" : "features");
        results.put("cores", Runtime.getRuntime().availableProcessors());
        // As a task manager whose scoring parallelism equals its cores starts PyTorch.
        InferenceThreads.apply(
                InferenceThreads.resolve(0, Runtime.getRuntime().availableProcessors()));
        BenchTraffic traffic = new BenchTraffic(o.images(), Path.of("samples"));
        Path model =
                Path.of(
                        o.images()
                                ? "models/fashion-mnist-isomax"
                                : "models/fashion-pooled-vectors");
        double bare = ForwardRate.measure(model, traffic, Duration.ofSeconds(10));
        results.put("bare_forward_events_per_s", Math.round(bare));
        try (KafkaBroker broker = LocalKafka.builder().build().start()) {
            String servers = broker.bootstrapServers();
            try (TopicAdmin admin = new TopicAdmin(servers)) {
                Map<String, Integer> topics = new LinkedHashMap<>();
                for (String t : List.of("in", "live-in")) {
                    topics.put(t, 2);
                }
                for (String t : List.of("pass", "scores", "alerts", "windows", "dlq")) {
                    topics.put(t, 1);
                    topics.put("live-" + t, 1);
                }
                admin.createTopics(topics);
            }
            Properties producerProps = new Properties();
            producerProps.put("bootstrap.servers", servers);
            producerProps.put(
                    "key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
            producerProps.put(
                    "value.serializer",
                    "org.apache.kafka.common.serialization.ByteArraySerializer");
            producerProps.put("linger.ms", "0");
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
                traffic.preload(producer, "in", o.events());
                double pass = passThrough(servers, o);
                results.put("pass_through_events_per_s", Math.round(pass));
                double monitor = monitor(servers, o, "", "in", "scores", true);
                results.put("monitor_events_per_s", Math.round(monitor));
                double rate = o.rate() > 0 ? o.rate() : monitor / 2;
                results.put("latency_offered_events_per_s", Math.round(rate));
                JobClient live = monitorAsync(servers, o);
                LatencyProbe.Latency[] latency;
                try {
                    latency =
                            new LatencyProbe(servers, "live-in", "live-scores", traffic)
                                    .measure(
                                            producer, rate, Duration.ofSeconds(o.latencySeconds()));
                } finally {
                    live.cancel().get();
                }
                results.put("latency_read_committed_ms", latency[0]);
                results.put("latency_read_uncommitted_ms", latency[1]);
                print(bare, pass, monitor, rate, latency, o);
            }
        }
        return results;
    }

    private static void print(
            double bare,
            double pass,
            double monitor,
            double rate,
            LatencyProbe.Latency[] latency,
            BenchOptions o) {
        System.out.printf(
                Locale.ROOT,
                "%n| measured (%d %s events, %d cores) | events/s | share |%n",
                o.events(),
                o.images() ? "image" : "feature",
                Runtime.getRuntime().availableProcessors());
        System.out.println("|---|---|---|");
        System.out.printf(
                Locale.ROOT, "| bare forward pass of the model, batch 64 | %.0f | |%n", bare);
        System.out.printf(
                Locale.ROOT, "| pass-through job (parse, exactly-once copy) | %.0f | |%n", pass);
        System.out.printf(
                Locale.ROOT,
                "| monitor job, steady state | %.0f | %.0f%% of the forward pass, %.0f%% of"
                        + " pass-through |%n",
                monitor,
                100 * monitor / bare,
                100 * monitor / pass);
        System.out.printf(
                Locale.ROOT,
                "%n| latency at %.0f events/s | p50 ms | p95 ms | p99 ms | max ms | measured |%n",
                rate);
        System.out.println("|---|---|---|---|---|---|");
        System.out.println(latency[0].row("read_committed (exactly-once outputs)"));
        System.out.println(latency[1].row("read_uncommitted"));
    }

    private static double passThrough(String servers, BenchOptions o) throws Exception {
        Configuration config = jobConfig(servers, "", "in", true);
        PipelineSettings settings = KafkaMonitorJob.settings(config);
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
                                config, new Properties(), "in", settings.parser(o.images())),
                        "in",
                        settings)
                .filter(ParsedRecord::isEvent)
                .map(r -> r.event().raw().value())
                .returns(byte[].class)
                .sinkTo(sink);
        env.execute("bench-pass-through");
        List<Long> times = OutputTimes.read(servers, "pass", o.events(), Duration.ofMinutes(2));
        return OutputTimes.steadyRate(times);
    }

    private static double monitor(
            String servers,
            BenchOptions o,
            String prefix,
            String input,
            String scores,
            boolean bounded)
            throws Exception {
        Configuration config = jobConfig(servers, prefix, input, bounded);
        config.set(MonitorOptions.WINDOW_SIZE, Duration.ofSeconds(1));
        config.set(MonitorOptions.SCORES_TOPIC, scores);
        config.set(MonitorOptions.IMAGES_TOPIC, o.images() ? input : "");
        config.set(MonitorOptions.FEATURES_TOPIC, o.images() ? "" : input);
        StreamExecutionEnvironment env = environment(config);
        KafkaMonitorJob.wire(env, config);
        env.execute("bench-monitor");
        List<Long> times = OutputTimes.read(servers, scores, o.events(), Duration.ofMinutes(2));
        return OutputTimes.steadyRate(times);
    }

    private static JobClient monitorAsync(String servers, BenchOptions o) throws Exception {
        Configuration config = jobConfig(servers, "live-", "live-in", false);
        config.set(MonitorOptions.SCORES_TOPIC, "live-scores");
        config.set(MonitorOptions.IMAGES_TOPIC, o.images() ? "live-in" : "");
        config.set(MonitorOptions.FEATURES_TOPIC, o.images() ? "" : "live-in");
        config.set(MonitorOptions.STARTING_OFFSETS, "earliest");
        StreamExecutionEnvironment env = environment(config);
        KafkaMonitorJob.wire(env, config);
        return env.executeAsync("bench-latency");
    }

    /** Production settings but for the topics and the broker. */
    private static Configuration jobConfig(
            String servers, String prefix, String input, boolean bounded) {
        Configuration config = new Configuration();
        config.set(MonitorOptions.BOOTSTRAP_SERVERS, servers);
        config.set(MonitorOptions.IMAGES_TOPIC, input);
        config.set(MonitorOptions.FEATURES_TOPIC, "");
        config.set(MonitorOptions.ALERTS_TOPIC, prefix + "alerts");
        config.set(MonitorOptions.WINDOWS_TOPIC, prefix + "windows");
        config.set(MonitorOptions.DEAD_LETTER_TOPIC, prefix + "dlq");
        config.set(
                MonitorOptions.MODELS,
                Map.of(
                        "fashion-mnist-isomax", "models/fashion-mnist-isomax",
                        "fashion-pooled-vectors", "models/fashion-pooled-vectors"));
        config.set(MonitorOptions.DEFAULT_MODEL, "fashion-mnist-isomax");
        config.set(
                MonitorOptions.SOURCE_DEFAULT_MODELS,
                Map.of("embedding-api", "fashion-pooled-vectors"));
        config.set(MonitorOptions.STARTING_OFFSETS, "earliest");
        config.set(MonitorOptions.BOUNDED, bounded);
        config.set(MonitorOptions.GROUP_ID, "bench-" + System.nanoTime());
        config.set(MonitorOptions.TRANSACTIONAL_ID_PREFIX, "bench-" + prefix + System.nanoTime());
        return config;
    }

    private static StreamExecutionEnvironment environment(Configuration config) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(
                        Runtime.getRuntime().availableProcessors(), config);
        env.enableCheckpointing(config.get(MonitorOptions.CHECKPOINT_INTERVAL).toMillis());
        return env;
    }
}
