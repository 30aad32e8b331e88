package org.oodmonitor.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oodmonitor.audit.ReplayRequest;
import org.oodmonitor.audit.ReplayRunner;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.cli.job.RunCommand;
import org.oodmonitor.cli.job.SavepointCommand;
import org.oodmonitor.cli.model.DeployCommand;
import org.oodmonitor.job.TestTraffic;
import org.oodmonitor.job.config.ControlOptions;
import org.oodmonitor.job.config.KafkaOptions;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.job.replay.OffsetRange;
import org.oodmonitor.job.replay.ReplayTarget;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.ControlStatus;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;

/**
 * The monitor on a real multi-process Flink cluster ({@code cluster start}: a JobManager and two
 * TaskManagers of two slots, each its own JVM) and a real Kafka broker, submitted over REST with
 * {@code run --cluster}, under live traffic: it survives a TaskManager killed with SIGKILL, and a
 * stop-with-savepoint, rescale and model upgrade, without losing or repeating an output.
 *
 * <p>The tests share one cluster and run in a fixed order: the cluster replay, the savepoint and
 * upgrade, then the kill, which replaces the killed TaskManager and waits for two again, so the
 * cluster is as it was after each. Every wait has a deadline and a failed send ends it at once.
 *
 * <p>Seen to fail: a window emitted twice across a stop (once partial, once the rest), which a sum
 * of counts per window hid ({@code WindowCountsTest}); a checksum from the code that writes it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    private static final Path DIR = Path.of("target/cluster-it");
    private static final Path MODEL = Path.of("../models/fashion-mnist-isomax").toAbsolutePath();
    private static final int PARTITIONS = 4;

    /** {@code sha256sum models/fashion-mnist-isomax/manifest.json} of the committed model. */
    static final String FASHION_MANIFEST_SHA256 =
            "3bd82606a876182248f88b8cdf90316e1b2f849d3268ba07f4984908fa0ea44e";

    private static final Duration WAIT = Duration.ofMinutes(4);

    private static String rest;

    @BeforeAll
    static void startCluster() throws Exception {
        LocalCluster.stop(DIR);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code =
                ClusterCommand.run(
                        new String[] {
                            "start", "--taskmanagers", "2", "--slots", "2", "--dir", DIR.toString()
                        },
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err);
        assertThat(code).isZero();
        rest = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(rest).startsWith("http://127.0.0.1:");
        assertThat(LocalCluster.taskManagers(DIR)).hasSize(2);
        for (ProcessHandle p : LocalCluster.taskManagers(DIR)) {
            assertThat(p.info().commandLine().orElse(""))
                    .contains(DIR.resolve("conf").toAbsolutePath().toString());
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        assertThat(LocalCluster.stop(DIR)).isPositive();
        assertThat(LocalCluster.running(DIR, null)).isEmpty();
    }

    @Test
    @Order(3)
    void aKilledTaskManagerLosesAndRepeatsNothing() throws Exception {
        String run = KafkaBrokerExtension.uniqueTopic("kill");
        Topics disturbed = Topics.create(run + ".a");
        disturbed.controlled = true;
        long base = baseTime();
        long switchAt = base + 7_000;
        ContinuousTraffic traffic = new ContinuousTraffic(run, 1500, PARTITIONS, base);
        JobID job = submit(disturbed, run + "-a", 4, null, MODEL);
        awaitCheckpoint(job, 1);
        // A new version deployed through the control topic while the job runs, from event 700.
        Path upgraded = newModelVersion(Files.createTempDirectory("ood-model-deploy-"));
        deploy(upgraded, switchAt, disturbed.control);
        List<ControlStatus> applied =
                TestTraffic.readCommittedUntil(
                        KAFKA,
                        disturbed.controlStatus,
                        RecordType.CONTROL_STATUS,
                        s -> s.stream().filter(x -> x.state().equals("applied")).count() == 4,
                        WAIT);
        assertThat(applied)
                .extracting(ControlStatus::state)
                .containsExactlyInAnyOrder("accepted", "applied", "applied", "applied", "applied");
        assertThat(applied).noneMatch(ControlStatus::late);
        awaitCheckpoint(job, completedCheckpoints(job) + 1);
        traffic.start(KAFKA, disturbed.images, 100);
        traffic.awaitSent(500, WAIT);
        awaitCheckpoint(job, completedCheckpoints(job) + 1);
        ProcessHandle victim = LocalCluster.taskManagers(DIR).get(0);
        assertThat(victim.destroyForcibly()).isTrue(); // SIGKILL
        victim.onExit().get();
        LocalCluster.addTaskManager(DIR);
        LocalCluster.awaitTaskManagers(DIR, rest, 2);
        traffic.finish();
        Map<String, Long> expectedWindows = traffic.closedWindowCounts(1000);
        List<OodScore> scores = readScores(disturbed.scores, traffic.ids().size());
        List<OodRateWindow> windows = readWindows(disturbed.windows, expectedWindows.size());
        List<OodScore> alerts = readAll(disturbed.alerts, RecordType.OOD_ALERT);
        cancel(job);

        // The undisturbed run: the same input, read again by a fresh job.
        Topics reference = Topics.create(run + ".b");
        reference.images = disturbed.images;
        // It reads the same control topic, and so serves the same versions from its start.
        reference.controlled = true;
        reference.control = disturbed.control;
        JobID second = submit(reference, run + "-b", 4, null, MODEL);
        List<OodScore> referenceScores = readScores(reference.scores, traffic.ids().size());
        List<OodRateWindow> referenceWindows =
                readWindows(reference.windows, expectedWindows.size());
        List<OodScore> referenceAlerts = readAll(reference.alerts, RecordType.OOD_ALERT);
        cancel(second);

        assertThat(scores)
                .extracting(OodScore::eventId)
                .as("every event scored exactly once")
                .containsExactlyInAnyOrderElementsOf(traffic.ids());
        assertThat(referenceScores)
                .extracting(OodScore::eventId)
                .containsExactlyInAnyOrderElementsOf(traffic.ids());
        assertThat(alerts).extracting(OodScore::eventId).doesNotHaveDuplicates().isNotEmpty();
        assertThat(alerts)
                .extracting(OodScore::eventId)
                .containsExactlyInAnyOrderElementsOf(
                        referenceAlerts.stream().map(OodScore::eventId).toList());
        assertThat(scores)
                .as("the replaced TaskManager's subtasks serve the deployed version")
                .allSatisfy(
                        s ->
                                assertThat(s.modelVersion())
                                        .isEqualTo(
                                                s.eventTime() < switchAt
                                                        ? "1.0.0"
                                                        : "1.0.0-upgrade"));
        assertThat(counts(windows)).isEqualTo(expectedWindows);
        assertThat(summaries(windows)).isEqualTo(summaries(referenceWindows));
        assertThat(windows).anyMatch(w -> w.oodCount() > 0);
    }

    @Test
    @Order(2)
    void savepointRescaleAndModelUpgradeKeepOpenWindows() throws Exception {
        String run = KafkaBrokerExtension.uniqueTopic("upgrade");
        Topics topics = Topics.create(run);
        Path upgraded = newModelVersion(Files.createTempDirectory("ood-model-v2-"));
        // Independent of the code that writes checksums: the committed fixture's literal
        // SHA-256, and the JDK's digest of the edited manifest.
        String oldChecksum = FASHION_MANIFEST_SHA256;
        String newChecksum =
                java.util.HexFormat.of()
                        .formatHex(
                                java.security.MessageDigest.getInstance("SHA-256")
                                        .digest(
                                                Files.readAllBytes(
                                                        upgraded.resolve("manifest.json"))));
        ContinuousTraffic traffic = new ContinuousTraffic(run, 2400, PARTITIONS, baseTime());
        JobID first = submit(topics, run, 4, null, MODEL);
        awaitCheckpoint(first, 1);
        // The gates (mid-window on purpose) make sure each job sees traffic of its own: the
        // events past a gate flow only once the next job has been submitted.
        traffic.release(1250);
        traffic.start(KAFKA, topics.images, 100);
        // Each stop comes once every event before its gate is scored and committed, so that it
        // falls at the gate, mid-window, and never by chance on a window's boundary.
        traffic.awaitSent(1250, WAIT);
        readScores(topics.scores, 1250);
        String savepoint1 = savepoint(first);
        assertNoOpenTransactions(run);
        JobID second = submit(topics, run, 2, savepoint1, MODEL);
        awaitCheckpoint(second, 1);
        traffic.release(2050);
        traffic.awaitSent(2050, WAIT);
        readScores(topics.scores, 2050);
        String savepoint2 = savepoint(second);
        assertNoOpenTransactions(run);
        Map<TopicPartition, Long> beforeUpgrade = committedEnd(topics.scores);
        JobID third = submit(topics, run, 2, savepoint2, upgraded);
        traffic.release(Integer.MAX_VALUE);
        traffic.finish();
        Map<String, Long> expectedWindows = traffic.closedWindowCounts(1000);
        List<OodScore> scores = readScores(topics.scores, traffic.ids().size());
        List<OodRateWindow> windows = readWindows(topics.windows, expectedWindows.size());
        List<OodScore> alerts = readAll(topics.alerts, RecordType.OOD_ALERT);
        List<OodScore> afterUpgrade = readFrom(topics.scores, beforeUpgrade);
        cancel(third);

        assertThat(scores)
                .extracting(OodScore::eventId)
                .as("every event scored exactly once across two restarts from savepoints")
                .containsExactlyInAnyOrderElementsOf(traffic.ids());
        assertThat(afterUpgrade).isNotEmpty();
        assertThat(afterUpgrade)
                .allSatisfy(
                        s -> {
                            assertThat(s.modelVersion()).isEqualTo("1.0.0-upgrade");
                            assertThat(s.modelChecksum()).isEqualTo(newChecksum);
                        });
        java.util.Set<String> upgradedIds =
                afterUpgrade.stream().map(OodScore::eventId).collect(Collectors.toSet());
        List<OodScore> beforeIt =
                scores.stream().filter(s -> !upgradedIds.contains(s.eventId())).toList();
        assertThat(beforeIt).isNotEmpty();
        assertThat(beforeIt)
                .allSatisfy(
                        s -> {
                            assertThat(s.modelVersion()).isEqualTo("1.0.0");
                            assertThat(s.modelChecksum()).isEqualTo(oldChecksum);
                        });
        assertThat(alerts).extracting(OodScore::eventId).doesNotHaveDuplicates();
        assertThat(alerts)
                .extracting(OodScore::eventId)
                .containsExactlyInAnyOrderElementsOf(
                        scores.stream().filter(OodScore::isOod).map(OodScore::eventId).toList());
        // Full counts in every window, including the ones open at each stop: state carried over.
        assertThat(counts(windows)).isEqualTo(expectedWindows);
        java.util.Set<Long> openAtUpgrade =
                beforeIt.stream()
                        .map(sc -> sc.eventTime() - Math.floorMod(sc.eventTime(), 1000))
                        .collect(Collectors.toCollection(java.util.TreeSet::new));
        openAtUpgrade.retainAll(
                afterUpgrade.stream()
                        .map(sc -> sc.eventTime() - Math.floorMod(sc.eventTime(), 1000))
                        .collect(Collectors.toSet()));
        assertThat(openAtUpgrade)
                .as("windows open at the upgrade, with events scored on both sides of it")
                .isNotEmpty();
    }

    @Test
    @Order(1)
    void aReplayOnTheClusterMatchesALocalReplay() throws Exception {
        String run = KafkaBrokerExtension.uniqueTopic("replay");
        String images = run + ".images";
        String control = run + ".control";
        KAFKA.createTopics(Map.of(images, 1, control, 1));
        TestTraffic traffic = TestTraffic.of(40, 100, 20);
        traffic.produce(KAFKA, images);
        Configuration config = new Configuration();
        config.set(KafkaOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        // TestTraffic's events are dated 1970, far behind their Kafka timestamps.
        config.set(SourceOptions.EVENT_TIME_MAX_AGE, java.time.Duration.ZERO);
        config.set(ControlOptions.CONTROL_MAX_LAG, java.time.Duration.ofDays(100_000));
        config.set(TopicOptions.IMAGES_TOPIC, images);
        config.set(ModelOptions.MODELS, Map.of("fashion", MODEL.toString()));
        config.set(ModelOptions.DEFAULT_MODEL, "fashion");
        config.set(WindowOptions.WINDOW_SIZE, Duration.ofSeconds(1));
        config.set(TopicOptions.CONTROL_TOPIC, control);
        // The digits (event time 1000 on) are scored by a deployed version. The client reads the
        // control topic; the cluster's replay applies what it was given, reading no topic itself.
        Path upgraded = newModelVersion(Files.createTempDirectory("ood-model-replayed-"));
        deploy(upgraded, 1000, control);
        List<OffsetRange> range =
                List.of(new OffsetRange(new TopicPartition(images, 0), 0, traffic.ids().size()));
        Path reports = Files.createTempDirectory("cluster-replay-");
        ReplayRunner.Outcome local =
                replay(
                        config,
                        range,
                        "dir:" + reports.resolve("local"),
                        reports.resolve("local"),
                        null);
        ReplayRunner.Outcome onCluster =
                replay(
                        config,
                        range,
                        "kafka:" + run + ".out",
                        reports.resolve("cluster"),
                        new ClusterReplay(rest, null, 2));

        assertThat(onCluster.result().scores())
                .extracting(OodScore::eventId)
                .containsExactlyInAnyOrderElementsOf(traffic.ids());
        assertThat(onCluster.result().alerts())
                .extracting(OodScore::eventId)
                .as("the alerts that scoring each image directly gives")
                .containsExactlyInAnyOrderElementsOf(traffic.expectedAlerts());
        assertThat(scoreSummaries(onCluster.result().scores()))
                .isEqualTo(scoreSummaries(local.result().scores()));
        assertThat(summaries(onCluster.result().windows()))
                .isEqualTo(summaries(local.result().windows()));
        assertThat(reports.resolve("cluster/audit-report.json")).isRegularFile();
        assertThat(reports.resolve("cluster/audit-report.html")).isRegularFile();
        assertThat(onCluster.report().totals()).isEqualTo(local.report().totals());
        assertThat(onCluster.report().totals().recordsRead()).isEqualTo(traffic.ids().size());
        assertThat(onCluster.result().scores())
                .as("the deploy the client read applies on the cluster from its effective time")
                .allSatisfy(
                        s ->
                                assertThat(s.modelVersion())
                                        .isEqualTo(
                                                s.eventTime() < 1000 ? "1.0.0" : "1.0.0-upgrade"));
        assertThat(onCluster.report().modelChanges())
                .extracting(c -> c.modelVersion() + "@" + c.effectiveFrom())
                .containsExactly("1.0.0-upgrade@1000");
        assertThat(local.report().modelChanges()).isEqualTo(onCluster.report().modelChanges());
    }

    private static ReplayRunner.Outcome replay(
            Configuration config,
            List<OffsetRange> range,
            String target,
            Path reports,
            ClusterReplay cluster)
            throws Exception {
        return ReplayRunner.run(
                new ReplayRequest(
                        config,
                        List.of(config.get(TopicOptions.IMAGES_TOPIC)),
                        List.of(),
                        null,
                        null,
                        range,
                        ReplayTarget.parse(target),
                        reports,
                        RuntimeExecutionMode.BATCH,
                        null,
                        cluster),
                null);
    }

    private static List<String> scoreSummaries(List<OodScore> scores) {
        return scores.stream()
                .map(s -> s.eventId() + " " + s.modelVersion() + " " + s.score() + " " + s.isOod())
                .sorted()
                .toList();
    }

    /** A copy of the model whose manifest names a new version: a new checksum, same weights. */
    private static Path newModelVersion(Path dir) throws IOException {
        for (Path file : Files.list(MODEL).toList()) {
            Files.copy(file, dir.resolve(file.getFileName().toString()));
        }
        Path manifest = dir.resolve("manifest.json");
        String text = Files.readString(manifest);
        Files.writeString(
                manifest,
                text.replaceFirst("\"version\" : \"1.0.0\"", "\"version\" : \"1.0.0-upgrade\""));
        assertThat(Files.readString(manifest)).contains("1.0.0-upgrade");
        return dir;
    }

    private static long baseTime() {
        long now = System.currentTimeMillis();
        return now - Math.floorMod(now, 1000);
    }

    /** Submits with {@code run --cluster}, as the README shows; returns the printed job id. */
    private static JobID submit(
            Topics topics, String name, int parallelism, String savepoint, Path model) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--cluster",
                                rest,
                                "--parallelism",
                                String.valueOf(parallelism),
                                "--set",
                                "ood.kafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                                "--set",
                                "ood.topics.images=" + topics.images,
                                "--set",
                                "ood.topics.features=" + topics.features,
                                "--set",
                                "ood.topics.scores=" + topics.scores,
                                "--set",
                                "ood.topics.alerts=" + topics.alerts,
                                "--set",
                                "ood.topics.windows=" + topics.windows,
                                "--set",
                                "ood.topics.dead-letter=" + topics.deadLetters,
                                "--set",
                                "ood.topics.shifts=" + topics.shifts,
                                "--set",
                                "ood.topics.control=" + (topics.controlled ? topics.control : ""),
                                "--set",
                                "ood.topics.control-status=" + topics.controlStatus,
                                "--set",
                                "ood.topics.shadow-scores=" + topics.shadowScores,
                                "--set",
                                "ood.source.group-id=" + name,
                                "--set",
                                "ood.source.starting-offsets=earliest",
                                "--set",
                                "ood.model.dirs=fashion:'" + model + "'",
                                "--set",
                                "ood.model.default=fashion",
                                "--set",
                                "ood.window.size=1s",
                                "--set",
                                "execution.checkpointing.interval=1s",
                                "--set",
                                "ood.sink.transactional-id-prefix=" + name,
                                "--set",
                                "ood.sink.transaction-timeout=2min",
                                "--set",
                                "ood.control.max-lag=100000d"));
        if (savepoint != null) {
            args.addAll(List.of("--from-savepoint", savepoint));
        }
        return JobID.fromHexString(command(new RunCommand(), args.toArray(String[]::new)));
    }

    private static String savepoint(JobID job) {
        return command(
                new SavepointCommand(),
                new String[] {"--cluster", rest, "--job", job.toHexString(), "--stop"});
    }

    /** {@code model deploy} of {@code dir} as model fashion from {@code effectiveFrom} on. */
    private static void deploy(Path dir, long effectiveFrom, String controlTopic) {
        command(
                new DeployCommand(),
                new String[] {
                    "--name",
                    "fashion",
                    "--dir",
                    dir.toString(),
                    "--effective-from",
                    Long.toString(effectiveFrom),
                    "--set",
                    "ood.kafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                    "--set",
                    "ood.topics.control=" + controlTopic,
                    "--set",
                    "ood.model.dirs=fashion:'" + MODEL + "'",
                    "--set",
                    "ood.model.default=fashion",
                    "--set",
                    // The test's events, and so its commands, are dated 1970.
                    "ood.control.max-lag=100000d"
                });
    }

    /** Runs a command as the command line does; returns what it printed on standard output. */
    private static String command(Object command, String[] args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code =
                CommandRunner.run(
                        command,
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err);
        assertThat(code).as("exit code of %s", String.join(" ", args)).isZero();
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    /**
     * After a stop with a savepoint, before the next job starts: no transaction of the stopped
     * job's sinks is left open, at parallelism 4 and after the scale-in to 2 alike (the Kafka
     * sink's own tests check the same for leaks).
     */
    private static void assertNoOpenTransactions(String prefix) throws Exception {
        try (var admin =
                org.apache.kafka.clients.admin.Admin.create(KAFKA.consumerProperties("admin"))) {
            assertThat(
                            admin.listTransactions().all().get().stream()
                                    .filter(t -> t.transactionalId().startsWith(prefix + "-"))
                                    .filter(
                                            t ->
                                                    t.state()
                                                            == org.apache.kafka.clients.admin
                                                                    .TransactionState.ONGOING)
                                    .map(t -> t.transactionalId())
                                    .toList())
                    .as("open transactions of %s after its stop", prefix)
                    .isEmpty();
        }
    }

    private static void cancel(JobID job) throws Exception {
        try (ClusterJobs jobs = ClusterJobs.connect(rest)) {
            jobs.cancel(job);
        }
    }

    private static int completedCheckpoints(JobID job) throws IOException {
        try (var in = URI.create(rest + "/jobs/" + job + "/checkpoints").toURL().openStream()) {
            return new ObjectMapper().readTree(in).path("counts").path("completed").asInt();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void awaitCheckpoint(JobID job, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (completedCheckpoints(job) < count) {
            assertThat(System.nanoTime())
                    .as("checkpoint %d of %s", count, job)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static List<OodScore> readScores(String topic, int count) {
        return TestTraffic.readScoresOfDistinctEvents(KAFKA, topic, count, WAIT);
    }

    private static List<OodRateWindow> readWindows(String topic, int count) {
        return TestTraffic.readCommittedUntil(
                KAFKA, topic, RecordType.OOD_RATE_WINDOW, w -> w.size() >= count, WAIT);
    }

    /** What is committed in {@code topic} now, after a short wait for stragglers. */
    private static <T> List<T> readAll(String topic, RecordType<T> type) {
        return TestTraffic.readCommittedUntil(
                KAFKA, topic, type, v -> false, Duration.ofSeconds(5));
    }

    private static Map<TopicPartition, Long> committedEnd(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = committedConsumer()) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            return consumer.endOffsets(partitions);
        }
    }

    private static List<OodScore> readFrom(String topic, Map<TopicPartition, Long> offsets) {
        var reader =
                new org.oodmonitor.schemas.serialization.RecordReader<>(
                        RecordType.OOD_SCORE,
                        org.oodmonitor.schemas.validation.ValidationLimits.defaults());
        List<OodScore> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = committedConsumer()) {
            consumer.assign(offsets.keySet());
            offsets.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(offsets.keySet());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (offsets.keySet().stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300))
                        .forEach(r -> values.add(reader.read(r.value()).value()));
            }
        }
        return values;
    }

    private static KafkaConsumer<byte[], byte[]> committedConsumer() {
        var props = KAFKA.consumerProperties("cluster-it-" + System.nanoTime());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props);
    }

    /**
     * Events per {@code source@windowStart}, summed over model versions: a window open at a model
     * upgrade is, by design, one window per version (the old version's part and the new one's). A
     * window emitted twice for the same version (a partial one at a stop and the rest after the
     * restore) fails here rather than summing to the right count.
     */
    static Map<String, Long> counts(List<OodRateWindow> windows) {
        Map<String, Long> perVersion = new TreeMap<>();
        Map<String, Long> counts = new TreeMap<>();
        for (OodRateWindow w : windows) {
            String window = w.source() + "@" + w.windowStart();
            Long before = perVersion.put(window + " " + w.modelVersion(), w.eventCount());
            if (before != null) {
                throw new AssertionError(
                        "window "
                                + window
                                + " of model version "
                                + w.modelVersion()
                                + " emitted twice: "
                                + before
                                + " and "
                                + w.eventCount()
                                + " events");
            }
            counts.merge(window, w.eventCount(), Long::sum);
        }
        return counts;
    }

    private static Map<String, String> summaries(List<OodRateWindow> windows) {
        Map<String, String> byKey = new HashMap<>();
        Function<OodRateWindow, String> summary =
                w -> w.eventCount() + "/" + w.oodCount() + " late " + w.lateEventCount();
        for (OodRateWindow w : windows) {
            assertThat(byKey.put(w.source() + "@" + w.windowStart(), summary.apply(w)))
                    .as("one window per key")
                    .isNull();
        }
        return byKey;
    }

    /** The topics of one job. */
    private static final class Topics {
        String images;
        String features;
        String scores;
        String alerts;
        String windows;
        String deadLetters;
        String shifts;
        String control;
        String controlStatus;
        String shadowScores;
        boolean controlled;

        static Topics create(String prefix) {
            Topics t = new Topics();
            t.images = prefix + ".images";
            t.features = prefix + ".features";
            t.scores = prefix + ".scores";
            t.alerts = prefix + ".alerts";
            t.windows = prefix + ".windows";
            t.deadLetters = prefix + ".dlq";
            t.shifts = prefix + ".shifts";
            t.control = prefix + ".control";
            t.controlStatus = prefix + ".control-status";
            t.shadowScores = prefix + ".shadow-scores";
            KAFKA.createTopics(Map.of(t.control, 1, t.controlStatus, 1, t.shadowScores, 1));
            KAFKA.createTopics(
                    Map.of(
                            t.images,
                            PARTITIONS,
                            t.features,
                            1,
                            t.scores,
                            2,
                            t.alerts,
                            1,
                            t.windows,
                            1,
                            t.deadLetters,
                            1,
                            t.shifts,
                            1));
            return t;
        }
    }
}
