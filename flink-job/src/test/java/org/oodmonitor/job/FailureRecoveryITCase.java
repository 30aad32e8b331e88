package org.oodmonitor.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oodmonitor.job.config.KafkaOptions;
import org.oodmonitor.job.config.KafkaSettings;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.job.config.StartingOffsets;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.job.sink.KafkaSinks;
import org.oodmonitor.job.source.KafkaSources;
import org.oodmonitor.job.source.ParsedRecord;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;

/**
 * Failure injection: a task fails mid-stream after a checkpoint, the job restarts from it, and a
 * read_committed consumer still sees every score and alert exactly once and the windows of a
 * failure-free run. Evidence that it restarted from the checkpoint and not from scratch: outputs
 * were committed before the failure, the checkpoint held at least 20 records, and fewer records
 * passed twice than had passed before the failure.
 *
 * <p>Seen to fail: with restarts off and the failed job run again from scratch (no checkpoint
 * restored), 25 records passed twice where at most 3 may.
 */
class FailureRecoveryITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    private static final Path MODEL = Path.of("../models/fashion-mnist-isomax");
    private static final int N = 40;

    @Test
    void alertsExactlyOnceAndWindowsUnchangedAcrossARestart() throws Exception {
        String prefix = KafkaBrokerExtension.uniqueTopic("recovery");
        String images = prefix + ".images";
        String alerts = prefix + ".alerts";
        String windows = prefix + ".windows";
        String dlq = prefix + ".dlq";
        String scores = prefix + ".scores";
        String fastAlerts = prefix + ".alerts-at-least-once";
        KAFKA.createTopics(
                Map.of(images, 1, alerts, 1, windows, 1, dlq, 1, scores, 1, fastAlerts, 1));
        TestTraffic traffic = TestTraffic.of(N, 100, 20);
        traffic.produce(KAFKA, images);
        long[] expectedOod = traffic.expectedOod();
        List<String> expectedAlerts = traffic.expectedAlerts();

        Configuration config = new Configuration();
        config.set(KafkaOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        // TestTraffic's events are dated 1970, far behind their Kafka timestamps.
        config.set(SourceOptions.EVENT_TIME_MAX_AGE, java.time.Duration.ZERO);
        config.set(KafkaOptions.STARTING_OFFSETS, StartingOffsets.EARLIEST);
        config.set(KafkaOptions.BOUNDED, true);
        config.set(ModelOptions.MODELS, Map.of("fashion", MODEL.toString()));
        config.set(ModelOptions.DEFAULT_MODEL, "fashion");
        config.set(WindowOptions.WINDOW_SIZE, Duration.ofSeconds(1));
        config.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, prefix);
        config.set(KafkaOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(1));

        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(restarts);
        env.setParallelism(1);
        env.enableCheckpointing(300);
        KafkaSettings kafka = KafkaSettings.from(config);
        PipelineSettings settings = PipelineSettings.from(config);
        DataStream<ParsedRecord> input =
                env.fromSource(
                                KafkaSources.of(kafka, images, settings.parser(true)),
                                settings.watermarks(),
                                "images")
                        .map(
                                new FailOnceAfterCheckpoint<ParsedRecord>(
                                        KAFKA.bootstrapServers(), scores))
                        .returns(TypeInformation.of(ParsedRecord.class));
        OodMonitorPipeline.Outputs out = OodMonitorPipeline.build(input, null, settings);
        out.alerts()
                .sinkTo(
                        KafkaSinks.scores(
                                kafka,
                                alerts,
                                RecordType.OOD_ALERT,
                                "alerts",
                                kafka.writing().delivery()));
        out.windows().sinkTo(KafkaSinks.of(kafka, windows, RecordType.OOD_RATE_WINDOW, "windows"));
        out.deadLetters().sinkTo(KafkaSinks.of(kafka, dlq, RecordType.DEAD_LETTER, "dlq"));
        out.scores()
                .sinkTo(
                        KafkaSinks.scores(
                                kafka,
                                scores,
                                RecordType.OOD_SCORE,
                                "scores",
                                kafka.writing().delivery()));
        // As the job writes alerts with ood.sink.alerts-delivery-guarantee=at-least-once.
        out.alerts()
                .sinkTo(
                        KafkaSinks.scores(
                                kafka,
                                fastAlerts,
                                RecordType.OOD_ALERT,
                                "fast-alerts",
                                org.apache.flink.connector.base.DeliveryGuarantee.AT_LEAST_ONCE));
        FailOnceAfterCheckpoint.reset();

        env.execute("failure-recovery-it");

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();
        int total = traffic.ids().size();
        int beforeFailure = FailOnceAfterCheckpoint.PASSED_AT_FAILURE.get();
        int restorePoint = FailOnceAfterCheckpoint.PASSED_AT_RESTORE_POINT.get();
        int passedTwice = FailOnceAfterCheckpoint.PASSED.get() - total;
        assertThat(restorePoint)
                .as("the checkpoint before the failure held records")
                .isGreaterThanOrEqualTo(FailOnceAfterCheckpoint.MIN_BEFORE_CHECKPOINT);
        assertThat(beforeFailure).as("the failure came mid-stream").isLessThan(total);
        assertThat(FailOnceAfterCheckpoint.COMMITTED_AT_FAILURE.get())
                .as("scores committed before the failure")
                .isPositive();
        assertThat(passedTwice)
                .as("restarted from the checkpoint: only records after it passed twice")
                .isBetween(0, beforeFailure - restorePoint);
        try (var admin =
                org.apache.kafka.clients.admin.Admin.create(KAFKA.consumerProperties("admin"))) {
            assertThat(
                            admin.listTransactions().all().get().stream()
                                    .filter(t -> t.transactionalId().startsWith(prefix))
                                    .filter(
                                            t ->
                                                    t.state()
                                                            == org.apache.kafka.clients.admin
                                                                    .TransactionState.ONGOING))
                    .as("no transaction left open by the failed attempt or the finished job")
                    .isEmpty();
        }
        // At least once: every alert, perhaps twice, and a copy always under its event's key, so
        // that a compacted topic or a keyed consumer keeps one.
        var reader =
                new org.oodmonitor.schemas.serialization.RecordReader<>(
                        RecordType.OOD_ALERT,
                        org.oodmonitor.schemas.validation.ValidationLimits.defaults());
        List<String> fast = new java.util.ArrayList<>();
        try (var consumer =
                new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(
                        KAFKA.consumerProperties("fast-" + prefix))) {
            var tp = new org.apache.kafka.common.TopicPartition(fastAlerts, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (var r : consumer.poll(java.time.Duration.ofMillis(300))) {
                    String id = reader.read(r.value()).value().eventId();
                    assertThat(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8))
                            .as("key of an at-least-once alert")
                            .isEqualTo(id);
                    fast.add(id);
                }
            }
        }
        assertThat(new java.util.HashSet<>(fast))
                .containsExactlyInAnyOrderElementsOf(expectedAlerts);
        List<OodScore> gotScores = read(scores, RecordType.OOD_SCORE, total);
        assertThat(gotScores)
                .extracting(OodScore::eventId)
                .as("every event scored exactly once across the restart")
                .containsExactlyInAnyOrderElementsOf(traffic.ids());
        List<OodScore> gotAlerts = read(alerts, RecordType.OOD_ALERT, expectedAlerts.size());
        assertThat(gotAlerts)
                .extracting(OodScore::eventId)
                .containsExactlyInAnyOrderElementsOf(expectedAlerts);
        List<OodRateWindow> gotWindows = read(windows, RecordType.OOD_RATE_WINDOW, 2);
        assertThat(gotWindows)
                .extracting(w -> w.windowStart() + ":" + w.eventCount() + ":" + w.oodCount())
                .containsExactlyInAnyOrder(
                        "0:" + N + ":" + expectedOod[0], "1000:" + N + ":" + expectedOod[1]);
    }

    /** All the ended job committed: no fixed wait, duplicates included. */
    private static <T> List<T> read(String topic, RecordType<T> type, int expected) {
        List<T> values = TestTraffic.readAllCommitted(KAFKA, topic, type);
        assertThat(values).as("records on %s", topic).hasSize(expected);
        return values;
    }
}
