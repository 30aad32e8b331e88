package org.oodmonitor.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.cli.HelpOption;
import org.oodmonitor.cli.Installation;
import org.oodmonitor.cli.bench.shift.ShiftBench;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.scoring.InferenceThreads;
import org.oodmonitor.job.KafkaMonitorJob;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.kafka.KafkaBroker;
import org.oodmonitor.kafka.LocalKafka;
import org.oodmonitor.kafka.TopicAdmin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ood-monitor bench}: in one run on one machine, the bare forward rate of the model, a
 * pass-through job (Kafka in, parse, Kafka out, exactly once, no model), the monitor job with
 * production settings (steady-state throughput from its outputs' own timestamps), and the
 * end-to-end latency at half the monitor's rate for read_committed and read_uncommitted readers.
 */
@Command(
        name = "bench",
        header = "Throughput and latency against the model and a pass-through job.",
        description = {
            "Starts a local Kafka broker, pre-loads N events of one kind, and measures in one run:"
                    + " the bare batched forward rate of the model, a pass-through job (parse and"
                    + " copy, exactly once, no model), the monitor job (steady state, from its"
                    + " outputs' timestamps) and the end-to-end latency at R events/s for"
                    + " read_committed and read_uncommitted consumers. Prints a table and writes"
                    + " it as JSON to FILE.",
            "With --soak-minutes M it instead runs the live monitor for M minutes at R events/s"
                    + " (default 1000) from N distinct sources, and every 30 s prints the heap"
                    + " after a full collection and the size of the latest checkpoint."
        })
public final class BenchCommand implements Callable<Integer> {

    @Option(
            names = "--events",
            paramLabel = "N",
            defaultValue = "20000",
            description =
                    "Events pre-loaded for the throughput runs, at least 100 (default:"
                            + " ${DEFAULT-VALUE}).")
    private int events;

    @Option(
            names = "--kind",
            paramLabel = "KIND",
            defaultValue = "images",
            description = "images or features (default: ${DEFAULT-VALUE}).")
    private String kind;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "0",
            description =
                    "Offered rate of the latency run, events/s (default: half the monitor's"
                            + " measured rate).")
    private double rate;

    @Option(
            names = "--latency-seconds",
            paramLabel = "S",
            defaultValue = "30",
            description = "Length of the latency run (default: ${DEFAULT-VALUE}).")
    private int latencySeconds;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            defaultValue = "bench-results.json",
            description = "Where the JSON results go (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "A job option for the monitor and latency runs (see 'ood-monitor run"
                            + " --help'), for example --set ood.batch.max-delay=20ms;"
                            + " repeatable.")
    private Map<String, String> settings = new LinkedHashMap<>();

    @Option(
            names = "--soak-minutes",
            paramLabel = "M",
            defaultValue = "0",
            description = "Run the flat-memory soak for M minutes instead (default: off).")
    private int soakMinutes;

    @Option(
            names = "--sources",
            paramLabel = "N",
            defaultValue = "10000",
            description = "Distinct sources of the soak run (default: ${DEFAULT-VALUE}).")
    private int sources;

    @Option(
            names = "--shift",
            description =
                    "Run the shift scenarios instead (label shift, exposure, near-OOD mix,"
                            + " gradual noise, noise burst and unchanged traffic) through the"
                            + " monitor's pipeline; --out then names the Markdown report, the"
                            + " JSON going beside it (default: shift-report.md).")
    private boolean shift;

    @Option(
            names = "--shift-minutes",
            paramLabel = "M",
            defaultValue = "11",
            description = "Event-time minutes of each shift scenario (default: ${DEFAULT-VALUE}).")
    private int shiftMinutes;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description =
                    "Bench this image model directory (an imported network or a train --backbone"
                            + " model, of any input size) instead of the committed 28x28 one;"
                            + " its events carry the image files of --traffic.")
    private Path model;

    @Option(
            names = "--traffic",
            paramLabel = "DIR",
            description =
                    "The PNG or JPEG files the events of --model carry, cycled (default: the"
                            + " committed examples/torchscript/images/val).")
    private Path traffic;

    @Mixin private HelpOption help;

    public static void main(String[] args) {
        CommandRunner.exit(new BenchCommand(), args);
    }

    /**
     * The options {@code args} give, as the command would see them.
     *
     * @throws IllegalArgumentException for an unknown option or a bad value
     */
    static BenchOptions options(String... args) {
        BenchCommand command = new BenchCommand();
        try {
            new CommandLine(command).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return command.options();
    }

    private BenchOptions options() {
        Map<String, String> pairs = new LinkedHashMap<>();
        settings.forEach((key, value) -> pairs.put(key.trim(), value.trim()));
        return BenchOptions.of(
                events,
                kind,
                rate,
                latencySeconds,
                out,
                pairs,
                soakMinutes,
                sources,
                model,
                traffic);
    }

    @Override
    public Integer call() throws Exception {
        if (shift) {
            Path report =
                    out.toString().equals("bench-results.json") ? Path.of("shift-report.md") : out;
            InferenceThreads.start(
                    InferenceThreads.resolve(0, Runtime.getRuntime().availableProcessors()));
            ShiftBench.run(Installation.home(), shiftMinutes, report, System.out);
            return 0;
        }
        BenchOptions options = options();
        Map<String, Object> results = measure(options);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.write(options.out(), json.writeValueAsBytes(results));
        System.out.println("Results written to " + options.out());
        return 0;
    }

    private static Map<String, Object> measure(BenchOptions o) throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("events", o.events());
        results.put("kind", o.images() ? "images" : "features");
        results.put("cores", Runtime.getRuntime().availableProcessors());
        results.put("settings", o.settings());
        // As a task manager whose scoring parallelism equals its cores starts PyTorch.
        InferenceThreads.start(
                InferenceThreads.resolve(0, Runtime.getRuntime().availableProcessors()));
        if (o.model() != null) {
            // A missing or non-image model is said before a broker or PyTorch starts.
            var manifest = ModelArtifact.readVerified(o.model());
            if (!manifest.input().isImage()) {
                throw new IllegalArgumentException(
                        o.model() + " takes vectors; --model benches image models");
            }
        }
        BenchTraffic traffic =
                o.model() != null
                        ? BenchTraffic.ofFiles(trafficOf(o))
                        : new BenchTraffic(o.images(), Installation.file("samples"));
        if (o.model() != null) {
            results.put("model", o.model().toString());
            results.put("traffic", trafficOf(o).toString());
        }
        if (o.soakMinutes() > 0) {
            return soak(o, traffic, results);
        }
        Path model =
                o.model() != null
                        ? o.model()
                        : Installation.file(
                                o.images()
                                        ? "models/fashion-mnist-isomax"
                                        : "models/fashion-pooled-vectors");
        ForwardRate.Rate measured = ForwardRate.measure(model, traffic, Duration.ofSeconds(10));
        results.put("bare_forward_events_per_s", Math.round(measured.best()));
        results.put("bare_forward_mean_events_per_s", Math.round(measured.mean()));
        results.put("bare_forward_per_slot_events_per_s", Math.round(measured.perSlot()));
        // A broker JVM tuned like a production one: the demo's fast-starting one caps throughput.
        try (KafkaBroker broker =
                LocalKafka.builder().throughputJvm(true).heap("1g").build().start()) {
            String servers = broker.bootstrapServers();
            results.put("broker_jvm", "C2, G1, 1 GiB heap");
            try (TopicAdmin admin = new TopicAdmin(servers)) {
                Map<String, Integer> topics = new LinkedHashMap<>();
                for (String t : List.of("in", "live-in")) {
                    topics.put(t, 2);
                }
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
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(BenchJobs.producer(servers))) {
                traffic.preload(producer, "in", o.events());
                double pass = BenchJobs.passThrough(servers, o);
                results.put("pass_through_events_per_s", Math.round(pass));
                double monitor = BenchJobs.monitor(servers, o, "", "in", "scores", true);
                results.put("monitor_events_per_s", Math.round(monitor));
                // Again right after, so that a drift of the machine's speed shows.
                ForwardRate.Rate bare =
                        measured.withPerSlotAfter(
                                ForwardRate.perSlot(
                                        model,
                                        traffic,
                                        Duration.ofSeconds(10),
                                        Runtime.getRuntime().availableProcessors()));
                results.put(
                        "bare_forward_per_slot_after_monitor_events_per_s",
                        Math.round(bare.perSlotAfter()));
                double rate = o.rate() > 0 ? o.rate() : monitor / 2;
                results.put("latency_offered_events_per_s", Math.round(rate));
                JobClient live = BenchJobs.monitorAsync(servers, o);
                LatencyProbe.Latency[] latency;
                try {
                    latency =
                            new LatencyProbe(
                                            servers,
                                            "live-in",
                                            "live-scores",
                                            "live-alerts",
                                            traffic)
                                    .measure(
                                            producer, rate, Duration.ofSeconds(o.latencySeconds()));
                } finally {
                    live.cancel().get();
                }
                results.put("latency_read_committed_ms", latency[0]);
                results.put("latency_read_uncommitted_ms", latency[1]);
                results.put("latency_alerts_at_least_once_ms", latency[2]);
                results.put("latency_scored_ms", latency[3]);
                // After the latency run, so that its PyTorch threads do not disturb the job's.
                Configuration plainConfig = BenchJobs.jobConfig(servers, "", "in", true, o);
                plainConfig.addAll(Configuration.fromMap(o.settings()));
                double plain =
                        PlainJavaBaseline.run(
                                servers, plainConfig, "in", "plain", o.events(), o.images(), false);
                results.put("plain_java_at_least_once_events_per_s", Math.round(plain));
                double plainTx =
                        PlainJavaBaseline.run(
                                servers,
                                plainConfig,
                                "in",
                                "plain-tx",
                                o.events(),
                                o.images(),
                                true);
                results.put("plain_java_transactional_events_per_s", Math.round(plainTx));
                print(bare, pass, monitor, plain, plainTx, rate, latency, o);
            }
        }
        return results;
    }

    /** The image files of a user's model's events: --traffic, else the committed examples. */
    private static Path trafficOf(BenchOptions o) {
        return o.traffic() != null
                ? o.traffic()
                : Installation.file("examples/torchscript/images/val");
    }

    private static Map<String, Object> soak(
            BenchOptions o, BenchTraffic traffic, Map<String, Object> results) throws Exception {
        double rate = o.rate() > 0 ? o.rate() : 1000;
        Path checkpoints = Files.createTempDirectory("ood-bench-checkpoints");
        results.put("soak_minutes", o.soakMinutes());
        results.put("soak_events_per_s", rate);
        results.put("soak_sources", o.sources());
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
            System.out.printf(
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
                results.put(
                        "soak_samples",
                        new SoakRun(servers, "soak-in", "soak-windows", checkpoints, traffic)
                                .run(
                                        producer,
                                        rate,
                                        o.sources(),
                                        Duration.ofMinutes(o.soakMinutes()),
                                        Duration.ofSeconds(30)));
            } finally {
                job.cancel().get();
            }
        }
        return results;
    }

    private static void print(
            ForwardRate.Rate bare,
            double pass,
            double monitor,
            double plainAtLeastOnce,
            double plainTransactional,
            double rate,
            LatencyProbe.Latency[] latency,
            BenchOptions o) {
        System.out.printf(
                Locale.ROOT,
                "%n| measured (%d %s, %d cores) | events/s | share |%n",
                o.events(),
                o.model() != null
                        ? "image events of " + o.model().getFileName()
                        : o.images() ? "image events" : "feature events",
                Runtime.getRuntime().availableProcessors());
        System.out.println("|---|---|---|");
        System.out.printf(
                Locale.ROOT,
                "| bare forward pass of the model, batch 64, best one-second round | %.0f | |%n",
                bare.best());
        System.out.printf(
                Locale.ROOT,
                "| bare forward pass of the model, batch 64, mean of the rounds | %.0f | |%n",
                bare.mean());
        System.out.printf(
                Locale.ROOT,
                "| bare forward passes, one model per core on one thread each (as the job's"
                        + " slots) | %.0f | |%n",
                bare.perSlot());
        System.out.printf(
                Locale.ROOT,
                "| the same, again right after the monitor job | %.0f | |%n",
                bare.perSlotAfter());
        System.out.printf(
                Locale.ROOT, "| pass-through job (parse, exactly-once copy) | %.0f | |%n", pass);
        System.out.printf(
                Locale.ROOT,
                "| monitor job, steady state | %.0f | %.0f%% of the highest sustained forward rate"
                        + " (%.0f%% of the best one-second round), %.0f%% of pass-through |%n",
                monitor,
                100 * monitor / bare.limit(),
                100 * monitor / bare.best(),
                100 * monitor / pass);
        System.out.printf(
                Locale.ROOT,
                "| plain Java loop, at least once (consumer, parse, score, producer) | %.0f |"
                        + " monitor job %.2fx |%n",
                plainAtLeastOnce,
                monitor / plainAtLeastOnce);
        System.out.printf(
                Locale.ROOT,
                "| plain Java loop, transactional | %.0f | monitor job %.2fx |%n",
                plainTransactional,
                monitor / plainTransactional);
        System.out.printf(
                Locale.ROOT,
                "%n| latency at %.0f events/s | p50 ms | p95 ms | p99 ms | max ms | measured |%n",
                rate);
        System.out.println("|---|---|---|---|---|---|");
        System.out.println(latency[0].row("scores (exactly-once), read_committed"));
        System.out.println(latency[1].row("scores, read_uncommitted"));
        System.out.println(latency[2].row("alerts (at-least-once), read_committed"));
        System.out.println(latency[3].row("scored (the score's processing_time)"));
    }
}
