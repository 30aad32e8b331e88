package org.oodmonitor.job.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads assigned partitions from where they stand to the end offsets they had when the read began,
 * within a deadline: the one loop of every "read the control or status topic to its end".
 */
@PublicEvolving
public final class TopicToEnd {

    private TopicToEnd() {}

    /**
     * Every record of {@code consumer}'s assigned partitions up to their current ends.
     *
     * @throws IllegalArgumentException when the ends are not reached within {@code timeout}
     */
    public static List<ConsumerRecord<byte[], byte[]>> read(
            KafkaConsumer<byte[], byte[]> consumer, Duration timeout) {
        return read(
                consumer,
                consumer.endOffsets(new ArrayList<>(consumer.assignment()), timeout),
                timeout);
    }

    /**
     * Every record of {@code consumer}'s assigned partitions before the offsets {@code end}.
     *
     * @throws IllegalArgumentException when they are not reached within {@code timeout}
     */
    public static List<ConsumerRecord<byte[], byte[]>> read(
            KafkaConsumer<byte[], byte[]> consumer,
            Map<TopicPartition, Long> end,
            Duration timeout) {
        List<TopicPartition> assigned = new ArrayList<>(end.keySet());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (assigned.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalArgumentException(
                        "topic "
                                + assigned.get(0).topic()
                                + " not read to its end "
                                + end
                                + " within "
                                + timeout.toSeconds()
                                + " s");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < end.get(partition)) {
                    records.add(record);
                }
            }
        }
        return records;
    }
}
