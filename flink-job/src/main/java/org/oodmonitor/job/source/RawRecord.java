package org.oodmonitor.job.source;

import java.io.Serializable;
import org.apache.flink.annotation.Internal;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One Kafka record as read, before any parsing, so that a record that cannot be parsed still
 * reaches the dead-letter topic with its coordinates.
 *
 * @param topic source topic
 * @param partition source partition, -1 outside Kafka
 * @param offset source offset, -1 outside Kafka
 * @param timestamp Kafka record timestamp, epoch milliseconds
 * @param key record key, or null
 * @param value record value, or null
 */
@Internal
public record RawRecord(
        String topic, int partition, long offset, long timestamp, byte[] key, byte[] value)
        implements Serializable {

    /** {@code record} as read from Kafka. */
    public static RawRecord of(ConsumerRecord<byte[], byte[]> record) {
        return new RawRecord(
                record.topic(),
                record.partition(),
                record.offset(),
                record.timestamp(),
                record.key(),
                record.value());
    }

    /** A record that did not come from Kafka, for bounded sources in tests and replays. */
    public static RawRecord of(String topic, long offset, byte[] value) {
        return new RawRecord(topic, -1, offset, -1L, null, value);
    }
}
