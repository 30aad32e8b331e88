package org.oodmonitor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
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
import org.oodmonitor.job.TestTraffic;
import org.oodmonitor.job.config.KafkaOptions;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.ShiftOptions;
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.job.config.StartingOffsets;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.job.replay.ReplayInput;
import org.oodmonitor.job.replay.ReplayJob;
import org.oodmonitor.job.replay.ReplayResult;
import org.oodmonitor.job.replay.ReplayTarget;
import org.oodmonitor.job.scoring.ScoringPlatform;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.ShiftAlert;

/**
 * The live job and a replay of the same time range give the same alerts, windows and dead letters,
 * record for record; two replays give byte-identical files; records outside the range, empty
 * partitions and transactional inputs are handled.
 */
class ReplayITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    private static final int N = 30;

    @TempDir Path tmp;

    @Test
    void replayOfTheLiveRangeGivesTheLiveJobsOutputsRecordForRecord() throws Exception {
        String prefix = KafkaBrokerExtension.uniqueTopic("replay");
        Configuration config = config(prefix);
        config.set(TopicOptions.SCORES_TOPIC, prefix + ".scores");
        KAFKA.createTopics(
                Map.of(
                        prefix + ".images", 3,
                        prefix + ".features", 2,
                        prefix + ".scores", 2,
                        prefix + ".alerts", 1,
                        prefix + ".windows", 1,
                        prefix + ".dlq", 1,
                        prefix + ".shifts", 1));
        TestTraffic traffic = TestTraffic.of(N, 100, 20);
        long from = System.currentTimeMillis();
        traffic.produceTransactionally(KAFKA, prefix + ".images");
        // The first five events again, in a transaction that is aborted: neither the live job
        // nor a replay may see them (they would be scored twice).
        Properties aborting = KAFKA.producerProperties();
        aborting.put("transactional.id", prefix + "-aborted");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(aborting)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(prefix + ".images", traffic.values().get(i)));
            }
            producer.flush();
            producer.abortTransaction();
        }
        produce(prefix + ".images", "{not json");
        produce(
                prefix + ".features",
                "{\"schema_version\":1,\"event_id\":\"v\",\"source\":\"api\",\"event_time\":5,"
                        + "\"features\":[1,2]}");
        long to = System.currentTimeMillis() + 1;

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        KafkaMonitorJob.wire(env, config);
        env.execute("live");
        List<OodScore> liveAlerts =
                TestTraffic.readCommitted(
                        KAFKA,
                        prefix + ".alerts",
                        RecordType.OOD_ALERT,
                        traffic.expectedAlerts().size());
        List<OodRateWindow> liveWindows =
                TestTraffic.readCommitted(
                        KAFKA, prefix + ".windows", RecordType.OOD_RATE_WINDOW, 2);
        List<DeadLetter> liveDeadLetters =
                TestTraffic.readCommitted(KAFKA, prefix + ".dlq", RecordType.DEAD_LETTER, 2);
        List<ShiftAlert> liveShifts =
                TestTraffic.readAllCommitted(KAFKA, prefix + ".shifts", RecordType.SHIFT_ALERT);
        assertThat(liveShifts)
                .as("the digits' window raises a shift alert at this short run length")
                .isNotEmpty();
        // After the range (Kafka timestamps after to): a replay of [from, to) must not see it.
        while (System.currentTimeMillis() <= to) {
            Thread.onSpinWait();
        }
        traffic.produce(KAFKA, prefix + ".images");

        ReplayInput input = resolve(config, from, to);
        PipelineSettings settings = PipelineSettings.from(config).forReplay();
        ReplayResult batch =
                ReplayJob.run(
                        config,
                        settings,
                        input,
                        ReplayTarget.parse("kafka:" + prefix + ".replayed"),
                        RuntimeExecutionMode.BATCH,
                        null);
        ReplayResult streaming =
                ReplayJob.run(
                        config,
                        settings,
                        input,
                        ReplayTarget.parse("dir:" + tmp.resolve("b")),
                        RuntimeExecutionMode.STREAMING,
                        null);
        ReplayFiles.write(tmp.resolve("a"), batch);
        ReplayFiles.write(tmp.resolve("b"), streaming);

        assertThat(liveAlerts)
                .extracting(OodScore::eventId)
                .containsExactlyInAnyOrderElementsOf(traffic.expectedAlerts());
        for (ReplayResult replay : List.of(batch, streaming)) {
            assertThat(replay.alerts().stream().map(ReplayITCase::withoutProcessingTime))
                    .containsExactlyInAnyOrderElementsOf(
                            liveAlerts.stream().map(ReplayITCase::withoutProcessingTime).toList());
            assertThat(replay.windows()).containsExactlyInAnyOrderElementsOf(liveWindows);
            assertThat(replay.shifts()).containsExactlyInAnyOrderElementsOf(liveShifts);
            assertThat(replay.deadLetters().stream().map(ReplayITCase::withoutTime))
                    .containsExactlyInAnyOrderElementsOf(
                            liveDeadLetters.stream().map(ReplayITCase::withoutTime).toList());
            assertThat(replay.scores())
                    .extracting(OodScore::eventId)
                    .as("every event once; the aborted transaction's copies unseen")
                    .containsExactlyInAnyOrderElementsOf(traffic.ids());
            assertThat(replay.scores())
                    .allSatisfy(s -> assertThat(s.processingTime()).isBetween(from, to - 1));
        }
        for (String file : List.of("alerts", "windows", "scores", "dead-letters", "shifts")) {
            Path a = tmp.resolve("a").resolve(file + ".jsonl");
            Path b = tmp.resolve("b").resolve(file + ".jsonl");
            assertThat(Files.mismatch(a, b)).as(file + " files differ").isEqualTo(-1L);
        }
        assertThat(Files.readAllLines(tmp.resolve("a").resolve("alerts.jsonl")))
                .hasSize(traffic.expectedAlerts().size());
        assertThat(
                        TestTraffic.readCommitted(
                                KAFKA,
                                prefix + ".replayed.alerts",
                                RecordType.OOD_ALERT,
                                liveAlerts.size()))
                .containsExactlyInAnyOrderElementsOf(batch.alerts());

        AuditReport.LiveComparison live =
                LiveComparisons.read(
                        KAFKA.bootstrapServers(),
                        new java.util.Properties(),
                        prefix + ".scores",
                        batch.scores());
        assertThat(live.livePlatforms())
                .as("the live job named where it scored, in its records' headers")
                .containsExactly(ScoringPlatform.current(1).describe());
        assertThat(live.matched()).isEqualTo(2 * N);
        assertThat(live.missing()).isZero();
        assertThat(live.identicalScores()).as("same CPU, same threads: same bits").isEqualTo(2 * N);
        assertThat(live.verdictDifferences()).isEmpty();
    }

    @Test
    void aRangeWithNoDataEndsCleanlyWithEmptyOutputs() throws Exception {
        String prefix = KafkaBrokerExtension.uniqueTopic("replay-empty");
        Configuration config = config(prefix);
        KAFKA.createTopics(Map.of(prefix + ".images", 2, prefix + ".features", 1));
        produce(prefix + ".images", "{not json");
        long later = System.currentTimeMillis() + 60_000;

        ReplayInput input = resolve(config, later, later + 1000);
        ReplayResult result =
                ReplayJob.run(
                        config,
                        PipelineSettings.from(config).forReplay(),
                        input,
                        ReplayTarget.parse("dir:" + tmp),
                        RuntimeExecutionMode.BATCH,
                        null);
        ReplayFiles.write(tmp, result);

        assertThat(input.isEmpty()).isTrue();
        assertThat(result.records()).isZero();
        assertThat(Files.size(tmp.resolve("alerts.jsonl"))).isZero();
    }

    private static Configuration config(String prefix) {
        Configuration config = new Configuration();
        config.set(KafkaOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        // TestTraffic's events are dated 1970, far behind their Kafka timestamps.
        config.set(SourceOptions.EVENT_TIME_MAX_AGE, java.time.Duration.ZERO);
        config.set(TopicOptions.IMAGES_TOPIC, prefix + ".images");
        config.set(TopicOptions.FEATURES_TOPIC, prefix + ".features");
        config.set(TopicOptions.ALERTS_TOPIC, prefix + ".alerts");
        config.set(TopicOptions.WINDOWS_TOPIC, prefix + ".windows");
        config.set(TopicOptions.DEAD_LETTER_TOPIC, prefix + ".dlq");
        config.set(TopicOptions.CONTROL_TOPIC, "");
        config.set(TopicOptions.SHIFTS_TOPIC, prefix + ".shifts");
        // Short enough for the digits' one window to raise a shift alert.
        config.set(ShiftOptions.SHIFT_EXPECTED_RUN_EVENTS, 1_000L);
        config.set(ModelOptions.MODELS, Map.of("fashion", TestTraffic.MODEL.toString()));
        config.set(ModelOptions.DEFAULT_MODEL, "fashion");
        config.set(KafkaOptions.STARTING_OFFSETS, StartingOffsets.EARLIEST);
        config.set(KafkaOptions.BOUNDED, true);
        config.set(WindowOptions.WINDOW_SIZE, Duration.ofSeconds(1));
        config.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, prefix);
        config.set(KafkaOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(1));
        return config;
    }

    private static ReplayInput resolve(Configuration config, long from, long to) {
        try (Admin admin = Admin.create(KAFKA.consumerProperties("admin"))) {
            OffsetRangeResolver resolver = new OffsetRangeResolver(admin);
            return new ReplayInput(
                    resolver.resolve(List.of(config.get(TopicOptions.IMAGES_TOPIC)), from, to),
                    resolver.resolve(List.of(config.get(TopicOptions.FEATURES_TOPIC)), from, to),
                    from,
                    to,
                    null);
        }
    }

    private static void produce(String topic, String value) {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(KAFKA.producerProperties())) {
            producer.send(new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
    }

    private static OodScore withoutProcessingTime(OodScore s) {
        return new OodScore(
                s.schemaVersion(),
                s.eventId(),
                s.source(),
                s.eventTime(),
                s.modelName(),
                s.modelVersion(),
                s.modelChecksum(),
                s.predictedClass(),
                s.predictedLabel(),
                s.minDistance(),
                s.score(),
                s.threshold(),
                s.isOod(),
                s.classDistances(),
                0,
                s.attributes(),
                s.alertScore(),
                s.alertThreshold(),
                s.alertReasons(),
                null);
    }

    private static DeadLetter withoutTime(DeadLetter d) {
        return new DeadLetter(
                d.schemaVersion(),
                d.originalTopic(),
                d.originalPartition(),
                d.originalOffset(),
                d.originalTimestamp(),
                d.originalKey(),
                d.payload(),
                d.payloadSize(),
                d.payloadTruncated(),
                d.errorCode(),
                d.errorMessage(),
                0);
    }
}
