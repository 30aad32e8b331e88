package org.oodmonitor.cli.bench;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.oodmonitor.inference.scoring.InferenceThreads;
import org.oodmonitor.job.KafkaMonitorJob;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.kafka.KafkaBroker;
import org.oodmonitor.kafka.LocalKafka;
import org.oodmonitor.kafka.TopicAdmin;

/**
 * The flat-memory run of {@code bench soak}: the live monitor for minutes at a fixed rate from many
 * sources, sampling the heap after a full collection and the latest checkpoint's size.
 */
final class SoakBench {

    /**
     * What a soak run saw.
     *
     * @param minutes the run's length
     * @param eventsPerS the offered rate
     * @param sources distinct sources
     * @param kind images or features
     * @param samples one every 30 seconds
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Result(
            int minutes,
            double eventsPerS,
            int sources,
            String kind,
            Map<String, String> settings,
            List<SoakRun.Sample> samples) {}

    private SoakBench() {}

    /**
     * Runs for {@code o.soakMinutes()} minutes, printing each sample to {@code out} as it comes.
     */
    static Result run(BenchOptions o, PrintStream out) throws Exception {
        InferenceThreads.start(
                InferenceThreads.resolve(0, Runtime.getRuntime().availableProcessors()));
        BenchTraffic traffic = o.benchTraffic();
        double rate = o.rate() > 0 ? o.rate() : 1000;
        Path checkpoints = Files.createTempDirectory("ood-bench-checkpoints");
        try (KafkaBroker broker = LocalKafka.builder().build().start()) {
            String servers = broker.bootstrapServers();
            try (TopicAdmin admin = new TopicAdmin(servers)) {
                admin.createTopics(
                        Map.of(
                                "soak-in", 2,
                                "soak-alerts", 1,
                                "soak-windows", 1,
                                "soak-dlq", 1,
                                "soak-shifts", 1));
            }
            Configuration config = BenchJobs.jobConfig(servers, "soak-", "soak-in", false, o);
            config.set(TopicOptions.IMAGES_TOPIC, o.images() ? "soak-in" : "");
            config.set(TopicOptions.FEATURES_TOPIC, o.images() ? "" : "soak-in");
            config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
            config.addAll(Configuration.fromMap(o.settings()));
            StreamExecutionEnvironment env = BenchJobs.environment(config);
            KafkaMonitorJob.wire(env, config);
            JobClient job = env.executeAsync("bench-soak");
            out.printf(
                    Locale.ROOT,
                    "%n%d events/s from %d sources for %d minutes (%s)%n"
                            + "| minutes | events sent | heap after GC, MiB | latest checkpoint,"
                            + " MiB | windows out |%n|---|---|---|---|---|%n",
                    Math.round(rate),
                    o.sources(),
                    o.soakMinutes(),
                    o.images() ? "image events" : "feature events");
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(BenchJobs.producer(servers))) {
                List<SoakRun.Sample> samples =
                        new SoakRun(servers, "soak-in", "soak-windows", checkpoints, traffic)
                                .run(
                                        producer,
                                        rate,
                                        o.sources(),
                                        Duration.ofMinutes(o.soakMinutes()),
                                        Duration.ofSeconds(30));
                return new Result(
                        o.soakMinutes(),
                        rate,
                        o.sources(),
                        o.images() ? "images" : "features",
                        o.settings(),
                        samples);
            } finally {
                job.cancel().get();
            }
        }
    }
}
