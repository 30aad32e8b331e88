package org.oodmonitor.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oodmonitor.job.config.KafkaOptions;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.job.config.StartingOffsets;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * The low-latency alert path on a real broker: with at-least-once alerts, a read_committed consumer
 * sees every alert, keyed by its event id, while the exactly-once scores of the same events still
 * wait for a checkpoint that has not come.
 */
class LowLatencyAlertsITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    @Test
    void atLeastOnceAlertsArriveBeforeTheCheckpointThatCommitsTheScores() throws Exception {
        String prefix = KafkaBrokerExtension.uniqueTopic("fast");
        String images = prefix + ".images";
        String scores = prefix + ".scores";
        String alerts = prefix + ".alerts";
        KAFKA.createTopics(
                Map.of(
                        images,
                        1,
                        scores,
                        1,
                        alerts,
                        2,
                        prefix + ".windows",
                        1,
                        prefix + ".dlq",
                        1));
        TestTraffic traffic = TestTraffic.of(20, 0, 30);
        assertThat(traffic.expectedAlerts()).isNotEmpty();
        traffic.produce(KAFKA, images);

        Configuration config = new Configuration();
        config.set(KafkaOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        // TestTraffic's events are dated 1970, far behind their Kafka timestamps.
        config.set(SourceOptions.EVENT_TIME_MAX_AGE, java.time.Duration.ZERO);
        config.set(TopicOptions.IMAGES_TOPIC, images);
        config.set(TopicOptions.FEATURES_TOPIC, "");
        config.set(TopicOptions.SCORES_TOPIC, scores);
        config.set(TopicOptions.ALERTS_TOPIC, alerts);
        config.set(TopicOptions.WINDOWS_TOPIC, prefix + ".windows");
        config.set(TopicOptions.DEAD_LETTER_TOPIC, prefix + ".dlq");
        config.set(TopicOptions.CONTROL_TOPIC, "");
        config.set(ModelOptions.MODELS, Map.of("fashion", TestTraffic.MODEL.toString()));
        config.set(ModelOptions.DEFAULT_MODEL, "fashion");
        config.set(KafkaOptions.STARTING_OFFSETS, StartingOffsets.EARLIEST);
        config.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, prefix);
        config.set(KafkaOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(5));
        config.set(KafkaOptions.ALERTS_DELIVERY, DeliveryGuarantee.AT_LEAST_ONCE);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        // No checkpoint completes during the test, so no transaction is committed.
        env.enableCheckpointing(Duration.ofHours(1).toMillis());
        KafkaMonitorJob.wire(env, config);
        JobClient job = env.executeAsync("low-latency-alerts-it");
        try {
            Map<String, String> keyByAlert =
                    read(alerts, "read_committed", traffic.expectedAlerts().size());
            assertThat(keyByAlert.keySet())
                    .containsExactlyInAnyOrderElementsOf(traffic.expectedAlerts());
            keyByAlert.forEach((id, key) -> assertThat(key).isEqualTo(id));

            // The scores are written, in an open transaction that no checkpoint has committed.
            int all = traffic.ids().size();
            assertThat(read(scores, "read_uncommitted", all)).hasSize(all);
            assertThat(endOffset(scores, "read_uncommitted")).isGreaterThanOrEqualTo(all);
            assertThat(endOffset(scores, "read_committed")).as("last stable offset").isZero();
        } finally {
            job.cancel().get();
        }
    }

    /** The end offset of partition 0 of {@code topic} as a consumer with this isolation sees it. */
    private static long endOffset(String topic, String isolation) {
        Properties props = KAFKA.consumerProperties("end-" + topic + "-" + isolation);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    /**
     * Event id to Kafka key of the records on {@code topic}, once {@code expected} have come or
     * after a while without them.
     */
    private static Map<String, String> read(String topic, String isolation, int expected) {
        Properties props = KAFKA.consumerProperties("check-" + topic + "-" + isolation);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        RecordReader<OodScore> reader =
                new RecordReader<>(RecordType.OOD_SCORE, ValidationLimits.defaults());
        Map<String, String> keys = new LinkedHashMap<>();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            // Long enough for the job to start and score everything when it is going to.
            long deadline = System.currentTimeMillis() + 60_000;
            while (keys.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
                records.forEach(
                        r ->
                                keys.put(
                                        reader.read(r.value()).value().eventId(),
                                        r.key() == null
                                                ? null
                                                : new String(r.key(), StandardCharsets.UTF_8)));
                records.clear();
            }
        }
        return keys;
    }
}
