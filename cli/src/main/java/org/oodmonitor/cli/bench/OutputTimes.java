package org.oodmonitor.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The Kafka timestamps of a job's committed output records: the sinks stamp each record with the
 * producer's clock when the job writes it, so their spread is the job's processing time.
 */
final class OutputTimes {

    private OutputTimes() {}

    /** The timestamps of the first {@code expected} committed records of {@code topic}. */
    static List<Long> read(String servers, String topic, int expected, Duration timeout) {
        Properties p = committedFromEarliest(servers, "bench-" + topic);
        List<Long> times = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (times.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> times.add(r.timestamp()));
            }
        }
        Collections.sort(times);
        return times;
    }

    /** A read_committed byte-array consumer of a fresh group that starts at the earliest offset. */
    static Properties committedFromEarliest(String servers, String groupPrefix) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + "-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        return p;
    }

    /**
     * Steady-state records per second: the middle 80% of the records over the time they took, so
     * that start-up (JVM warm-up, first batches) and the drain do not count.
     */
    static double steadyRate(List<Long> sorted) {
        if (sorted.size() < 10) {
            throw new IllegalStateException("too few output records: " + sorted.size());
        }
        int from = sorted.size() / 10;
        int to = sorted.size() - 1 - sorted.size() / 10;
        long millis = Math.max(1, sorted.get(to) - sorted.get(from));
        return (to - from) * 1000.0 / millis;
    }
}
