package org.oodmonitor.audit;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.oodmonitor.job.replay.OffsetRange;

/**
 * Reads the Kafka timestamps of the first and the last committed record of an offset range, for the
 * audit report: they say which time the records of a range actually span.
 */
final class RangeTimestamps implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final int MAX_EMPTY_POLLS = 10;

    private final KafkaConsumer<byte[], byte[]> consumer;

    RangeTimestamps(Properties clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        this.consumer = new KafkaConsumer<>(props);
    }

    /**
     * The timestamps of the first and last committed records in the range, or nulls when it holds
     * none (empty, or only transaction markers and aborted records).
     */
    Long[] of(OffsetRange range) {
        if (range.isEmpty()) {
            return new Long[] {null, null};
        }
        consumer.assign(List.of(range.partition()));
        ConsumerRecord<byte[], byte[]> first = scan(range, range.start(), true);
        if (first == null) {
            return new Long[] {null, null};
        }
        // Scan back from the end in growing steps until a committed record turns up.
        for (long back = 16; ; back *= 4) {
            long from = Math.max(range.start(), range.end() - back);
            ConsumerRecord<byte[], byte[]> last = scan(range, from, false);
            if (last != null || from == range.start()) {
                return new Long[] {first.timestamp(), last == null ? null : last.timestamp()};
            }
        }
    }

    /** The first (or last) record in {@code [from, range.end)}, or null. */
    private ConsumerRecord<byte[], byte[]> scan(OffsetRange range, long from, boolean first) {
        ConsumerRecord<byte[], byte[]> found = null;
        consumer.seek(range.partition(), from);
        int emptyPolls = 0;
        while (consumer.position(range.partition()) < range.end() && emptyPolls < MAX_EMPTY_POLLS) {
            var records = consumer.poll(POLL).records(range.partition());
            emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
            for (ConsumerRecord<byte[], byte[]> r : records) {
                if (r.offset() < range.end()) {
                    if (first) {
                        return r;
                    }
                    found = r;
                }
            }
        }
        return found;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
