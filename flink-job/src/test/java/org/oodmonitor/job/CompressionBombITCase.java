package org.oodmonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.job.source.InputTopicCompression;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.kafka.TopicAdmin;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;

/**
 * A compression bomb (32 MB of spaces, some 32 KB once gzipped): an input topic with {@link
 * TopicAdmin#INPUT_TOPIC_CONFIGS} makes the broker refuse it, because it then checks the size of
 * the records it recompresses; a topic that keeps the producer's compression takes it, {@code run}
 * warns of such topics, and the running job dead-letters the inflated record (OVERSIZED_RECORD) and
 * scores everything else.
 */
class CompressionBombITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    private static final int BOMB_BYTES = 32 * 1024 * 1024;

    @Test
    void guardedTopicsRefuseTheBombAndTheJobOutlivesAnUnguardedOne() throws Exception {
        String prefix = KafkaBrokerExtension.uniqueTopic("bomb");
        String guarded = prefix + ".guarded";
        String unguarded = prefix + ".unguarded";
        try (TopicAdmin admin = TopicAdmin.of(KAFKA.broker())) {
            admin.createTopics(Map.of(guarded, 1), TopicAdmin.INPUT_TOPIC_CONFIGS);
            admin.createTopics(
                    Map.of(
                            unguarded,
                            1,
                            prefix + ".scores",
                            1,
                            prefix + ".alerts",
                            1,
                            prefix + ".windows",
                            1,
                            prefix + ".dlq",
                            1));
        }
        assertThat(
                        InputTopicCompression.unguarded(
                                KAFKA.bootstrapServers(),
                                new Properties(),
                                List.of(guarded, unguarded)))
                .as("the topics run warns of")
                .containsExactly(unguarded);

        byte[] bomb = new byte[BOMB_BYTES];
        Arrays.fill(bomb, (byte) ' ');
        try (KafkaProducer<byte[], byte[]> attacker = new KafkaProducer<>(attackerProperties())) {
            assertThatThrownBy(
                            () ->
                                    attacker.send(new ProducerRecord<>(guarded, bomb))
                                            .get(60, TimeUnit.SECONDS))
                    .as("the broker recompresses for the guarded topic and sees 32 MB")
                    .hasCauseInstanceOf(RecordTooLargeException.class);
            RecordMetadata landed =
                    attacker.send(new ProducerRecord<>(unguarded, "bomb".getBytes(), bomb))
                            .get(60, TimeUnit.SECONDS);
            assertThat(landed.serializedValueSize()).isEqualTo(BOMB_BYTES);
        }
        TestTraffic traffic = TestTraffic.of(20, 100, 20);
        traffic.produce(KAFKA, guarded);

        Configuration config = TestJobConfig.of(KAFKA, prefix);
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        config.set(TopicOptions.IMAGES_TOPIC, guarded + "," + unguarded);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(1);
        env.enableCheckpointing(500);
        KafkaMonitorJob.wire(env, config);
        JobClient job = env.executeAsync("compression-bomb-it");
        List<DeadLetter> letters;
        List<OodScore> scores;
        JobStatus status;
        try {
            letters =
                    TestTraffic.readCommittedUntil(
                            KAFKA,
                            prefix + ".dlq",
                            RecordType.DEAD_LETTER,
                            l -> !l.isEmpty(),
                            Duration.ofSeconds(90));
            scores =
                    TestTraffic.readCommittedUntil(
                            KAFKA,
                            prefix + ".scores",
                            RecordType.OOD_SCORE,
                            s -> s.size() >= traffic.ids().size(),
                            Duration.ofSeconds(90));
            status = job.getJobStatus().get();
        } finally {
            job.cancel().get();
        }

        assertThat(status)
                .as("the job never failed (restarts are off)")
                .isEqualTo(JobStatus.RUNNING);
        assertThat(letters).hasSize(1);
        DeadLetter letter = letters.get(0);
        assertThat(letter.errorCode()).isEqualTo(ErrorCode.OVERSIZED_RECORD);
        assertThat(letter.originalTopic()).isEqualTo(unguarded);
        assertThat(new String(letter.originalKey(), StandardCharsets.UTF_8)).isEqualTo("bomb");
        assertThat(scores)
                .extracting(OodScore::eventId)
                .containsExactlyInAnyOrderElementsOf(traffic.ids());
    }

    /** A producer that compresses with gzip and lets records far over the broker's limit out. */
    private static Properties attackerProperties() {
        Properties props = KAFKA.producerProperties();
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(2 * BOMB_BYTES));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(4L * BOMB_BYTES));
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "16384");
        props.put(ProducerConfig.RETRIES_CONFIG, "0");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        return props;
    }
}
