package org.oodmonitor.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oodmonitor.job.config.KafkaOptions;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.job.config.StartingOffsets;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;

/**
 * The job from Kafka to Kafka on a real broker and a MiniCluster, exactly once: a read_committed
 * consumer sees exactly the expected alerts, windows and dead letters.
 */
class KafkaMonitorJobITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    private static final Path MODEL = Path.of("../models/fashion-mnist-isomax");
    private static final int N = 30;

    @Test
    void kafkaToKafkaExactlyOnceWithDeadLetters() throws Exception {
        String prefix = KafkaBrokerExtension.uniqueTopic("job");
        String images = prefix + ".images";
        String features = prefix + ".features";
        String alerts = prefix + ".alerts";
        String windows = prefix + ".windows";
        String dlq = prefix + ".dlq";
        KAFKA.createTopics(Map.of(images, 2, features, 1, alerts, 1, windows, 1, dlq, 1));
        TestTraffic traffic = TestTraffic.of(N, 0, 30);
        traffic.produce(KAFKA, images);
        produceBadRecords(images, features);
        List<String> expectedAlerts = traffic.expectedAlerts();

        Configuration config = new Configuration();
        config.set(KafkaOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        // TestTraffic's events are dated 1970, far behind their Kafka timestamps.
        config.set(SourceOptions.EVENT_TIME_MAX_AGE, java.time.Duration.ZERO);
        config.set(TopicOptions.IMAGES_TOPIC, images);
        config.set(TopicOptions.FEATURES_TOPIC, features);
        config.set(TopicOptions.ALERTS_TOPIC, alerts);
        config.set(TopicOptions.WINDOWS_TOPIC, windows);
        config.set(TopicOptions.DEAD_LETTER_TOPIC, dlq);
        config.set(TopicOptions.CONTROL_TOPIC, "");
        config.set(ModelOptions.MODELS, Map.of("fashion", MODEL.toString()));
        config.set(ModelOptions.DEFAULT_MODEL, "fashion");
        config.set(KafkaOptions.STARTING_OFFSETS, StartingOffsets.EARLIEST);
        config.set(KafkaOptions.BOUNDED, true);
        config.set(WindowOptions.WINDOW_SIZE, Duration.ofSeconds(1));
        config.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, prefix);
        config.set(KafkaOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(1));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        KafkaMonitorJob.wire(env, config);
        env.execute("kafka-monitor-it");

        List<OodScore> gotAlerts = read(alerts, RecordType.OOD_ALERT, expectedAlerts.size());
        assertThat(gotAlerts)
                .extracting(OodScore::eventId)
                .containsExactlyInAnyOrderElementsOf(expectedAlerts);
        assertThat(gotAlerts).allSatisfy(a -> assertThat(a.modelChecksum()).hasSize(64));
        List<OodRateWindow> gotWindows = read(windows, RecordType.OOD_RATE_WINDOW, 2);
        assertThat(gotWindows)
                .extracting(OodRateWindow::eventCount)
                .containsExactlyInAnyOrder((long) N, (long) N);
        assertThat(gotWindows.stream().mapToLong(OodRateWindow::oodCount).sum())
                .isEqualTo(expectedAlerts.size());
        List<DeadLetter> letters = read(dlq, RecordType.DEAD_LETTER, 2);
        assertThat(letters)
                .extracting(DeadLetter::errorCode)
                .containsExactlyInAnyOrder(ErrorCode.MALFORMED_JSON, ErrorCode.WRONG_DIMENSION);
        assertThat(letters).allSatisfy(l -> assertThat(l.originalPartition()).isNotNegative());
    }

    private static void produceBadRecords(String images, String features) {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(KAFKA.producerProperties())) {
            producer.send(new ProducerRecord<>(images, "{oops".getBytes(StandardCharsets.UTF_8)));
            producer.send(
                    new ProducerRecord<>(
                            features,
                            "{\"schema_version\":1,\"event_id\":\"v\",\"source\":\"api\",\"event_time\":5,\"features\":[1,2]}"
                                    .getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
    }

    private static <T> List<T> read(String topic, RecordType<T> type, int expected) {
        return TestTraffic.readCommitted(KAFKA, topic, type, expected);
    }
}
