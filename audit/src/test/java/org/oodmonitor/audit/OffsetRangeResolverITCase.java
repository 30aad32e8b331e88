package org.oodmonitor.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oodmonitor.job.replay.OffsetRange;
import org.oodmonitor.kafka.KafkaBrokerExtension;

/**
 * Time ranges resolve to exact offsets per partition on a real broker, including an empty
 * partition, a transactional partition (commit marker at the end offset) and a range with no data.
 */
class OffsetRangeResolverITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @Test
    void rangesAreResolvedPerPartition() throws Exception {
        String topic = KafkaBrokerExtension.uniqueTopic("replay");
        KAFKA.createTopics(Map.of(topic, 3));
        try (KafkaProducer<byte[], byte[]> plain =
                new KafkaProducer<>(KAFKA.producerProperties())) {
            for (long ts : new long[] {1000, 2000, 3000}) {
                plain.send(new ProducerRecord<>(topic, 0, ts, null, bytes(ts))).get();
            }
        }
        Properties tx = KAFKA.producerProperties();
        tx.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-tx");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(tx)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, 1, 1500L, null, bytes(1500)));
            producer.send(new ProducerRecord<>(topic, 1, 2500L, null, bytes(2500)));
            producer.commitTransaction();
        }

        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                KAFKA.bootstrapServers()))) {
            OffsetRangeResolver resolver = new OffsetRangeResolver(admin);

            assertThat(resolver.resolve(List.of(topic), 1500, 3000))
                    .containsExactly(
                            new OffsetRange(new TopicPartition(topic, 0), 1, 2),
                            // The commit marker at offset 2 carries the commit time, after the
                            // range: the range holds exactly the two committed records.
                            new OffsetRange(new TopicPartition(topic, 1), 0, 2),
                            new OffsetRange(new TopicPartition(topic, 2), 0, 0));
            assertThat(resolver.resolve(List.of(topic), 5000, 6000))
                    .allSatisfy(
                            r -> assertThat(r.isEmpty()).as("no data in range: %s", r).isTrue());
            assertThat(resolver.resolve(List.of(topic), 0, 1001))
                    .extracting(OffsetRange::start, OffsetRange::end)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(0L, 1L),
                            org.assertj.core.groups.Tuple.tuple(0L, 0L),
                            org.assertj.core.groups.Tuple.tuple(0L, 0L));
            assertThatThrownBy(() -> resolver.resolve(List.of(topic), 10, 10))
                    .hasMessage("the range must end after it starts: from 10, to 10");
            assertThatThrownBy(() -> resolver.resolve(List.of("no-such-topic"), 0, 10))
                    .hasMessageStartingWith("cannot describe topics [no-such-topic]");
        }
    }

    private static byte[] bytes(long ts) {
        return Long.toString(ts).getBytes(StandardCharsets.UTF_8);
    }
}
