package org.oodmonitor.job.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.job.KafkaMonitorJob;
import org.oodmonitor.job.PipelineSettings;
import org.oodmonitor.job.TestClusters;
import org.oodmonitor.job.TestJobConfig;
import org.oodmonitor.job.TestTraffic;
import org.oodmonitor.job.config.KafkaSettings;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.ScoringOptions;
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.job.replay.OffsetRange;
import org.oodmonitor.job.replay.ReplayInput;
import org.oodmonitor.job.replay.ReplayJob;
import org.oodmonitor.job.replay.ReplayResult;
import org.oodmonitor.job.replay.ReplayTarget;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.ControlStatus;
import org.oodmonitor.schemas.ModelCommand;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/**
 * Model versions changed through the control topic while the job runs under continuous traffic: a
 * live deploy, a tampered deploy, a deploy for an unknown model and a record that is no command
 * (all three refused while the job keeps scoring), a retire that rolls back, a shadow deploy and
 * its promotion. Every event is scored once, by the version its event time says, without a restart;
 * a replay of the range gives the same scores.
 */
class ModelControlITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    private static final int EVENTS = 1200;
    private static final long STEP = 10;

    @TempDir Path tmp;

    @Test
    void versionsChangeAtTheirEventTimesWithoutARestartAndAReplayAgrees() throws Exception {
        String prefix = KafkaBrokerExtension.uniqueTopic("control");
        String images = prefix + ".images";
        KAFKA.createTopics(
                Map.of(
                        images,
                        2,
                        prefix + ".scores",
                        2,
                        prefix + ".alerts",
                        1,
                        prefix + ".windows",
                        1,
                        prefix + ".dlq",
                        1,
                        prefix + ".control",
                        1,
                        prefix + ".control-status",
                        1,
                        prefix + ".shadow",
                        1));
        double base = TestModelVersions.committedThreshold();
        Path v11 = TestModelVersions.version(tmp, "1.1.0", 0.5);
        Path v12 = TestModelVersions.version(tmp, "1.2.0", -0.5, 3.0);
        Path tampered = TestModelVersions.version(tmp, "1.3.0", 0.0);
        ModelCommand tamperedDeploy =
                TestModelVersions.deploy("bad-1.3.0", tampered, "1.3.0", "live", 5000);
        tamper(tampered);

        Configuration config = TestJobConfig.of(KAFKA, prefix);
        config.set(TopicOptions.CONTROL_TOPIC, prefix + ".control");
        config.set(TopicOptions.CONTROL_STATUS_TOPIC, prefix + ".control-status");
        config.set(TopicOptions.SHADOW_SCORES_TOPIC, prefix + ".shadow");
        config.set(ModelOptions.MODELS, Map.of("fashion", TestModelVersions.COMMITTED.toString()));
        config.set(TopicOptions.SHIFTS_TOPIC, "");
        config.set(ScoringOptions.FIXED_SHAPE_BATCHES, true);
        config.set(ScoringOptions.INFERENCE_THREADS, 1);
        config.set(WindowOptions.WINDOW_SIZE, Duration.ofSeconds(1));
        config.set(SourceOptions.OUT_OF_ORDERNESS, Duration.ofMillis(100));
        Configuration flink = new Configuration();
        // Any failure fails the job: a job still running at the end never restarted.
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        KafkaMonitorJob.wire(env, config);
        JobClient job = env.executeAsync("model-control-it");

        List<ModelCommand> good = new ArrayList<>();
        TestTraffic.continuousFashion(
                KAFKA,
                images,
                EVENTS,
                STEP,
                100,
                producer -> {
                    // Mid-stream: the job is running and has caught up with the first events.
                    TestTraffic.readScoresOfDistinctEvents(
                            KAFKA, prefix + ".scores", 100, Duration.ofSeconds(90));
                    good.add(TestModelVersions.deploy("deploy-1.1.0", v11, "1.1.0", "live", 4000));
                    good.add(
                            ModelCommand.of("retire-1.1.0", "retire", "fashion", "1.1.0", 6000, 0));
                    good.add(
                            TestModelVersions.deploy("shadow-1.2.0", v12, "1.2.0", "shadow", 8000));
                    good.add(
                            ModelCommand.of(
                                    "promote-1.2.0", "promote", "fashion", "1.2.0", 10_000, 0));
                    String control = prefix + ".control";
                    command(producer, control, good.get(0));
                    producer.send(
                            new ProducerRecord<>(
                                    control, "{not a command".getBytes(StandardCharsets.UTF_8)));
                    command(producer, control, tamperedDeploy);
                    command(
                            producer,
                            control,
                            ModelCommand.of("unknown", "retire", "no-such-model", "1.0.0", 0, 0));
                    for (ModelCommand command : good.subList(1, good.size())) {
                        command(producer, control, command);
                    }
                    producer.flush();
                },
                2,
                20_000L);

        List<OodScore> live =
                TestTraffic.readScoresOfDistinctEvents(
                        KAFKA, prefix + ".scores", EVENTS + 2, Duration.ofSeconds(90));
        List<OodRateWindow> windows =
                TestTraffic.readCommittedUntil(
                        KAFKA,
                        prefix + ".windows",
                        RecordType.OOD_RATE_WINDOW,
                        w -> w.stream().anyMatch(x -> x.windowStart() == 11_000),
                        Duration.ofSeconds(60));
        List<ControlStatus> statuses =
                TestTraffic.readCommittedUntil(
                        KAFKA,
                        prefix + ".control-status",
                        RecordType.CONTROL_STATUS,
                        s -> s.size() >= 3 + 4 + 4 * 2,
                        Duration.ofSeconds(60));
        List<OodScore> shadow =
                TestTraffic.readCommittedUntil(
                        KAFKA,
                        prefix + ".shadow",
                        RecordType.OOD_SCORE,
                        s -> s.size() >= 200,
                        Duration.ofSeconds(60));
        assertThat(job.getJobStatus().get())
                .as("the job never failed (no restarts allowed)")
                .isEqualTo(JobStatus.RUNNING);
        job.cancel().get();

        assertThat(live).hasSize(EVENTS + 2);
        assertThat(live.stream().map(OodScore::eventId).distinct()).hasSize(EVENTS + 2);
        for (OodScore score : live) {
            long t = score.eventTime();
            String expected =
                    t < 4000 ? "1.0.0" : t < 6000 ? "1.1.0" : t < 10_000 ? "1.0.0" : "1.2.0";
            assertThat(score.modelVersion())
                    .as("version of the event at %d", t)
                    .isEqualTo(expected);
            double threshold =
                    expected.equals("1.1.0")
                            ? base + 0.5
                            : expected.equals("1.2.0") ? base - 0.5 : base;
            assertThat(score.threshold())
                    .isCloseTo(threshold, org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(shadow)
                .extracting(OodScore::eventTime)
                .allSatisfy(t -> assertThat(t).isBetween(8000L, 9999L));
        assertThat(shadow)
                .hasSize(200)
                .allSatisfy(s -> assertThat(s.modelVersion()).isEqualTo("1.2.0"));

        assertAgreementCounted(windows, live, shadow);

        Map<String, List<ControlStatus>> byState =
                statuses.stream().collect(Collectors.groupingBy(ControlStatus::state));
        assertThat(byState.get(ControlStatus.REJECTED)).hasSize(3);
        assertThat(byState.get(ControlStatus.REJECTED))
                .extracting(ControlStatus::reason)
                .anySatisfy(r -> assertThat(r).startsWith("not a model command"))
                .anySatisfy(r -> assertThat(r).contains("no-such-model").contains("not served"))
                .anySatisfy(
                        r ->
                                assertThat(r)
                                        .contains(tampered.toString())
                                        .contains("checksum mismatch"));
        assertThat(byState.get(ControlStatus.ACCEPTED))
                .extracting(ControlStatus::commandId)
                .containsExactlyElementsOf(good.stream().map(ModelCommand::commandId).toList());
        assertThat(byState.get(ControlStatus.APPLIED)).hasSize(8);
        assertThat(byState.get(ControlStatus.APPLIED))
                .as("every subtask applied every command before its effective time")
                .allSatisfy(s -> assertThat(s.late()).isFalse())
                .extracting(ControlStatus::subtask)
                .containsOnly(0, 1);
        assertThat(byState).doesNotContainKey(ControlStatus.FAILED);

        ReplayResult replay = replay(config, images);
        assertThat(comparable(replay.scores()))
                .as("a replay of the range splits the events between the same versions")
                .containsExactlyInAnyOrderElementsOf(comparable(live));
        assertThat(windows)
                .filteredOn(w -> w.modelVersion().equals("1.1.0"))
                .as("a version deployed while the job runs has its windows tested for shifts")
                .isNotEmpty()
                .allSatisfy(w -> assertThat(w.shiftTests()).isNotEmpty());
        assertThat(windowSummaries(replay.windows()))
                .as("and a replay's windows are the live ones")
                .containsAll(windowSummaries(windows));
    }

    /**
     * The windows of the shadow's time say how its verdicts compare with the live ones, as the two
     * topics say event by event; the others have no shadow.
     */
    private static void assertAgreementCounted(
            List<OodRateWindow> windows, List<OodScore> live, List<OodScore> shadow) {
        Map<String, Boolean> shadowOod =
                shadow.stream().collect(Collectors.toMap(OodScore::eventId, OodScore::isOod));
        for (OodRateWindow window : windows) {
            if (window.windowStart() < 8000 || window.windowStart() >= 10_000) {
                assertThat(window.shadowAgreement()).isNull();
                continue;
            }
            long[] expected = new long[4];
            for (OodScore score : live) {
                if (score.eventTime() >= window.windowStart()
                        && score.eventTime() < window.windowEnd()) {
                    boolean s = shadowOod.get(score.eventId());
                    expected[0]++;
                    expected[1] += score.isOod() && s ? 1 : 0;
                    expected[2] += score.isOod() && !s ? 1 : 0;
                    expected[3] += !score.isOod() && s ? 1 : 0;
                }
            }
            assertThat(window.shadowAgreement())
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.shadowVersion()).isEqualTo("1.2.0");
                                assertThat(
                                                new long[] {
                                                    a.eventCount(),
                                                    a.bothOod(),
                                                    a.liveOnly(),
                                                    a.shadowOnly()
                                                })
                                        .containsExactly(expected);
                            });
            assertThat(expected[2])
                    .as("the shadow's higher alert threshold finds more events OOD, never fewer")
                    .isZero();
            assertThat(expected[3]).as("and some more than the live version").isPositive();
        }
        assertThat(windows)
                .filteredOn(w -> w.shadowAgreement() != null)
                .extracting(OodRateWindow::windowStart)
                .containsExactlyInAnyOrder(8000L, 9000L);
    }

    private ReplayResult replay(Configuration config, String images) throws Exception {
        List<OffsetRange> ranges = new ArrayList<>();
        try (Admin admin = Admin.create(KAFKA.consumerProperties("admin"))) {
            var partitions =
                    admin.describeTopics(List.of(images))
                            .allTopicNames()
                            .get()
                            .get(images)
                            .partitions();
            for (var p : partitions) {
                var tp = new org.apache.kafka.common.TopicPartition(images, p.partition());
                long end =
                        admin.listOffsets(
                                        Map.of(
                                                tp,
                                                org.apache.kafka.clients.admin.OffsetSpec.latest()))
                                .partitionResult(tp)
                                .get()
                                .offset();
                ranges.add(new OffsetRange(tp, 0, end));
            }
        }
        return ReplayJob.run(
                config,
                PipelineSettings.from(config).forReplay(),
                new ReplayInput(
                        ranges,
                        List.of(),
                        null,
                        null,
                        ControlTopic.forReplay(
                                KafkaSettings.from(config),
                                PipelineSettings.from(config).commandCheck())),
                ReplayTarget.parse("dir:" + tmp.resolve("replay")),
                RuntimeExecutionMode.BATCH,
                null);
    }

    private static List<String> windowSummaries(List<OodRateWindow> windows) {
        return windows.stream()
                .map(
                        w ->
                                w.source()
                                        + " "
                                        + w.modelVersion()
                                        + " "
                                        + w.windowStart()
                                        + " "
                                        + w.eventCount()
                                        + " "
                                        + w.oodCount()
                                        + " "
                                        + w.shiftTests()
                                        + " "
                                        + w.shadowAgreement())
                .toList();
    }

    /** What live and replay must agree on: all but the processing time. */
    private static List<String> comparable(List<OodScore> scores) {
        Function<OodScore, String> key =
                s ->
                        s.eventId()
                                + " "
                                + s.modelVersion()
                                + " "
                                + s.modelChecksum()
                                + " "
                                + s.score()
                                + " "
                                + s.threshold()
                                + " "
                                + s.isOod();
        return scores.stream().map(key).toList();
    }

    private static void command(
            KafkaProducer<byte[], byte[]> producer, String topic, ModelCommand command) {
        producer.send(
                new ProducerRecord<>(
                        topic, new RecordWriter<>(RecordType.MODEL_COMMAND).write(command)));
    }

    /** Flips one byte of the first parameter file, after its manifest was written. */
    private static void tamper(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            Path params =
                    files.filter(f -> !f.getFileName().toString().equals("manifest.json"))
                            .sorted()
                            .findFirst()
                            .orElseThrow();
            byte[] bytes = Files.readAllBytes(params);
            bytes[bytes.length / 2] ^= 0x5a;
            Files.write(params, bytes);
        }
    }
}
