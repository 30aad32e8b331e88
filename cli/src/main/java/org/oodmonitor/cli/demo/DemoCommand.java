package org.oodmonitor.cli.demo;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.cli.HelpOption;
import org.oodmonitor.job.KafkaMonitorJob;
import org.oodmonitor.job.config.KafkaOptions;
import org.oodmonitor.job.config.KafkaSettings;
import org.oodmonitor.job.config.LabelOptions;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.job.config.StartingOffsets;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.kafka.KafkaBroker;
import org.oodmonitor.kafka.LocalKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command line: {@code ood-monitor demo}. Starts a real local Kafka broker (unless one is given),
 * the monitor job in a local Flink environment with the committed model, and a producer whose
 * traffic shifts from Fashion-MNIST to MNIST digits and noise; prints alerts and windows live.
 */
@Command(
        name = "demo",
        header = "The whole monitor on embedded defaults: local Kafka, the job, shifting traffic.",
        description = {
            "Runs the whole monitor on embedded defaults: a local Kafka broker, the topics, the"
                    + " job (local Flink, exactly-once output), and a producer sending R images per"
                    + " second whose traffic shifts from Fashion-MNIST (in distribution) to MNIST"
                    + " digits and then noise (out of distribution), with an occasional broken"
                    + " record. Every second image also goes out as a feature event (its"
                    + " 4x4-pooled pixels) for the vector model.",
            "Prints alerts, each window's OOD rate with its flag, and dead letters, as a"
                    + " read_committed consumer sees them. With --events N it stops after N"
                    + " events and a one-line summary; otherwise it runs until Ctrl-C."
        })
public final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--events",
            paramLabel = "N",
            description = "Stop after N events (default: run until Ctrl-C).")
    private Long events;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "40",
            description = "Images per second (default: ${DEFAULT-VALUE}).")
    private int rate;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Use this Kafka instead of starting a local broker.")
    private String bootstrap;

    @Option(
            names = "--kafka-properties",
            paramLabel = "FILE",
            description =
                    "With --bootstrap-servers: Kafka client settings (security.protocol, sasl.*,"
                            + " ssl.*) for the demo's producer, printer and job.")
    private Path kafkaProperties;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            defaultValue = "${env:OOD_HOME:-.}/models/fashion-mnist-isomax",
            description = "The image model (default: models/fashion-mnist-isomax).")
    private Path model;

    @Option(
            names = "--vector-model",
            paramLabel = "DIR",
            defaultValue = "${env:OOD_HOME:-.}/models/fashion-pooled-vectors",
            description = "The vector model (default: models/fashion-pooled-vectors).")
    private Path vectorModel;

    @Option(
            names = "--samples",
            paramLabel = "DIR",
            defaultValue = "${env:OOD_HOME:-.}/samples",
            description = "The image samples to send (default: samples).")
    private Path samples;

    @Option(
            names = "--produce-only",
            description =
                    "Only create the topics and send the demo traffic to --bootstrap-servers,"
                            + " for a monitor that runs elsewhere (a cluster, docker compose).")
    private boolean produceOnly;

    @Mixin private HelpOption help;

    private final PrintStream out;

    /** The demo, printing to standard output. */
    public DemoCommand() {
        this(System.out);
    }

    private DemoCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandRunner.run(new DemoCommand(out), args, out, err);
    }

    @Override
    public Integer call() throws Exception {
        DemoOptions options =
                DemoOptions.of(
                        events == null ? -1 : events, rate, bootstrap, model, vectorModel, samples);
        if (kafkaProperties != null && options.bootstrap() == null) {
            throw new IllegalArgumentException("--kafka-properties goes with --bootstrap-servers");
        }
        Properties clients = clients();
        if (produceOnly) {
            return produceOnly(options, clients);
        }
        DemoPrinter printer = new DemoPrinter(options.bootstrap(), clients, out);
        try (KafkaBroker broker =
                options.bootstrap() == null ? LocalKafka.builder().build().start() : null) {
            String servers = broker == null ? options.bootstrap() : broker.bootstrapServers();
            out.printf(
                    "Kafka broker at %s (%s)%n",
                    servers, broker == null ? "given" : broker.description());
            DemoTopics.create(servers, clients);
            printer = new DemoPrinter(servers, clients, out);
            DemoProducer producer = new DemoProducer(servers, clients, options.samples());
            JobClient job = startJob(servers, options.model(), options.vectorModel());
            out.printf(
                    "Monitor job %s running with models %s and %s; windows of %d s%n",
                    job.getJobID(), options.model(), options.vectorModel(), WINDOW.toSeconds());
            Thread printing = new Thread(printer, "demo-printer");
            printing.start();
            long cycle = options.events() > 0 ? options.events() : CYCLE;
            long sent = producer.run(options.events(), options.rate(), cycle, printer);
            // Drain: the job ends with a final watermark, so the last windows close, and a
            // savepoint, so the last transactions commit.
            Path savepoints = Files.createTempDirectory("ood-demo-savepoint");
            try {
                stopWithSavepoint(job, savepoints);
                job.getJobExecutionResult().get();
                printer.drain();
                printing.join(DRAIN_TIMEOUT.toMillis());
            } finally {
                printer.stop();
                deleteQuietly(savepoints);
            }
            printing.join();
            out.printf(
                    "Summary: events %d, labels %d, alerts %d, windows %d (%d flagged), quality"
                            + " windows %d, dead letters %d, shift alerts %d%n",
                    sent,
                    producer.labelsSent(),
                    printer.alerts.get(),
                    printer.windows.get(),
                    printer.flagged.get(),
                    printer.qualityWindows.get(),
                    printer.deadLetters.get(),
                    printer.shifts.get());
            return 0;
        } catch (Exception e) {
            printer.stop();
            throw e;
        }
    }

    /**
     * Stops the job with a drained savepoint, trying again while some of its tasks are not running
     * yet: a short demo can end before the job has started every task, and a savepoint needs them
     * all.
     */
    private static void stopWithSavepoint(JobClient job, Path savepoints) throws Exception {
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (true) {
            try {
                job.stopWithSavepoint(
                                true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                String why =
                        String.valueOf(org.apache.flink.util.ExceptionUtils.stringifyException(e));
                if (!why.contains("Not all required tasks are currently running")
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /** The client settings of --kafka-properties, read as the job reads them. */
    private Properties clients() {
        return KafkaSettings.from(kafkaOptions()).clientProperties();
    }

    /** A configuration naming --kafka-properties, when given, for the job and its clients. */
    private Configuration kafkaOptions() {
        Configuration config = new Configuration();
        if (kafkaProperties != null) {
            config.set(
                    KafkaOptions.KAFKA_PROPERTIES_FILE,
                    kafkaProperties.toAbsolutePath().toString());
        }
        return config;
    }

    private int produceOnly(DemoOptions options, Properties clients) throws Exception {
        if (options.bootstrap() == null) {
            throw new IllegalArgumentException("--produce-only needs --bootstrap-servers");
        }
        DemoTopics.create(options.bootstrap(), clients);
        long cycle = options.events() > 0 ? options.events() : CYCLE;
        long sent =
                new DemoProducer(options.bootstrap(), clients, options.samples())
                        .run(
                                options.events(),
                                options.rate(),
                                cycle,
                                new DemoPrinter(options.bootstrap(), clients, out));
        out.printf("Sent %d events to %s%n", sent, options.bootstrap());
        return 0;
    }

    private static void deleteQuietly(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Name of the vector model the demo's feature events name. */
    static final String VECTOR_MODEL = "fashion-pooled-vectors";

    static final Duration WINDOW = Duration.ofSeconds(5);

    /** How long a score waits for its label: labels held back longer are late on purpose. */
    static final Duration LABEL_WAIT = Duration.ofSeconds(1);

    /** The longest the printer may take to print what the ended job committed. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    /** How long the demo waits for its job's tasks to run before it can stop it. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);

    static final long CYCLE = 800;

    private JobClient startJob(String servers, Path model, Path vectorModel) throws Exception {
        Configuration config = kafkaOptions();
        config.set(KafkaOptions.BOOTSTRAP_SERVERS, servers);
        config.set(TopicOptions.IMAGES_TOPIC, DemoTopics.IMAGES);
        config.set(TopicOptions.FEATURES_TOPIC, DemoTopics.FEATURES);
        config.set(TopicOptions.ALERTS_TOPIC, DemoTopics.ALERTS);
        config.set(TopicOptions.WINDOWS_TOPIC, DemoTopics.WINDOWS);
        config.set(TopicOptions.DEAD_LETTER_TOPIC, DemoTopics.DEAD_LETTER);
        config.set(TopicOptions.SHIFTS_TOPIC, DemoTopics.SHIFTS);
        config.set(TopicOptions.CONTROL_TOPIC, DemoTopics.CONTROL);
        config.set(TopicOptions.CONTROL_STATUS_TOPIC, DemoTopics.CONTROL_STATUS);
        config.set(TopicOptions.SHADOW_SCORES_TOPIC, DemoTopics.SHADOW_SCORES);
        config.set(TopicOptions.LABELS_TOPIC, DemoTopics.LABELS);
        config.set(TopicOptions.QUALITY_TOPIC, DemoTopics.QUALITY);
        config.set(LabelOptions.MAX_DELAY, LABEL_WAIT);
        config.set(
                ModelOptions.MODELS,
                Map.of(
                        "fashion-mnist-isomax",
                        model.toString(),
                        VECTOR_MODEL,
                        vectorModel.toString()));
        // From the job's start time, not "latest": events sent before the sources are assigned
        // their partitions are read all the same, so the producer need not wait for them.
        config.set(KafkaOptions.STARTING_OFFSETS, StartingOffsets.TIMESTAMP);
        config.set(KafkaOptions.STARTING_TIMESTAMP, System.currentTimeMillis());
        config.set(KafkaOptions.GROUP_ID, "ood-demo-" + System.nanoTime());
        config.set(WindowOptions.WINDOW_SIZE, WINDOW);
        config.set(SourceOptions.OUT_OF_ORDERNESS, Duration.ofMillis(500));
        config.set(SourceOptions.IDLENESS, Duration.ofSeconds(2));
        config.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, "ood-demo-" + System.nanoTime());
        config.set(KafkaOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(5));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(
                        2, KafkaMonitorJob.flinkConfiguration(config));
        env.enableCheckpointing(1000, CheckpointingMode.EXACTLY_ONCE);
        KafkaMonitorJob.wire(env, config);
        return env.executeAsync("ood-monitor-demo");
    }
}
