package org.oodmonitor.cli.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.scoring.InferenceThreads;
import org.oodmonitor.kafka.KafkaBroker;
import org.oodmonitor.kafka.LocalKafka;
import org.oodmonitor.kafka.TopicAdmin;

/**
 * The throughput and latency run of {@code bench}, in one run on one machine: the model's bare
 * forward rate, a pass-through job, the monitor job's steady state, its end-to-end latency at half
 * that rate, and a plain-Java loop doing the same work.
 */
final class ThroughputBench {

    private ThroughputBench() {}

    static ThroughputResult run(BenchOptions o) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        // As a task manager whose scoring parallelism equals its cores starts PyTorch.
        InferenceThreads.start(InferenceThreads.resolve(0, cores));
        if (o.model() != null) {
            // A missing or non-image model is said before a broker or PyTorch starts.
            var manifest = ModelArtifact.readVerified(o.model());
            if (!manifest.input().isImage()) {
                throw new IllegalArgumentException(
                        o.model() + " takes vectors; --model benches image models");
            }
        }
        BenchTraffic traffic = o.benchTraffic();
        Path model = o.modelDir();
        ForwardRate.Rate measured = ForwardRate.measure(model, traffic, Duration.ofSeconds(10));
        // A broker JVM tuned like a production one: the demo's fast-starting one caps throughput.
        try (KafkaBroker broker =
                        LocalKafka.builder().throughputJvm(true).heap("1g").build().start();
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(BenchJobs.producer(broker.bootstrapServers()))) {
            String servers = broker.bootstrapServers();
            createTopics(servers);
            traffic.preload(producer, "in", o.events());
            double pass = BenchJobs.passThrough(servers, o);
            double monitor = BenchJobs.monitor(servers, o, "", "in", "scores", true);
            // Again right after, so that a drift of the machine's speed shows.
            ForwardRate.Rate forward =
                    measured.withPerSlotAfter(
                            ForwardRate.perSlot(model, traffic, Duration.ofSeconds(10), cores));
            double rate = o.rate() > 0 ? o.rate() : monitor / 2;
            JobClient live = BenchJobs.monitorAsync(servers, o);
            LatencyProbe.Latency[] latency;
            try {
                latency =
                        new LatencyProbe(servers, "live-in", "live-scores", "live-alerts", traffic)
                                .measure(producer, rate, Duration.ofSeconds(o.latencySeconds()));
            } finally {
                live.cancel().get();
            }
            // After the latency run, so that its PyTorch threads do not disturb the job's.
            Configuration plain = BenchJobs.jobConfig(servers, "", "in", true, o);
            plain.addAll(Configuration.fromMap(o.settings()));
            double atLeastOnce =
                    PlainJavaBaseline.run(
                            servers, plain, "in", "plain", o.events(), o.images(), false);
            double transactional =
                    PlainJavaBaseline.run(
                            servers, plain, "in", "plain-tx", o.events(), o.images(), true);
            return new ThroughputResult(
                    o.events(),
                    o.images() ? "images" : "features",
                    cores,
                    o.settings(),
                    o.model() == null ? null : o.model().toString(),
                    o.model() == null ? null : o.trafficFiles().toString(),
                    forward,
                    "C2, G1, 1 GiB heap",
                    pass,
                    monitor,
                    rate,
                    latency,
                    atLeastOnce,
                    transactional);
        }
    }

    private static void createTopics(String servers) throws Exception {
        try (TopicAdmin admin = new TopicAdmin(servers)) {
            Map<String, Integer> topics = new LinkedHashMap<>();
            topics.put("in", 2);
            topics.put("live-in", 2);
            for (String t :
                    List.of(
                            "pass",
                            "scores",
                            "alerts",
                            "windows",
                            "dlq",
                            "shifts",
                            "plain",
                            "plain-tx")) {
                topics.put(t, 1);
                topics.put("live-" + t, 1);
            }
            admin.createTopics(topics);
        }
    }
}
