package org.oodmonitor.cli.bench;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * End-to-end latency of a running job at a fixed offered rate: from the moment an event is sent to
 * the moment its output record reaches a {@code read_committed} and a {@code read_uncommitted}
 * consumer of the output topic.
 */
final class LatencyProbe {

    /** Latency percentiles in milliseconds, and how many events had an output. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Latency(long p50, long p95, long p99, long max, int measured, int sent) {
        String row(String name) {
            return String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %d of %d |",
                    name,
                    p50,
                    p95,
                    p99,
                    max,
                    measured,
                    sent);
        }
    }

    private final String servers;
    private final String input;
    private final String output;
    private final String alerts;
    private final BenchTraffic traffic;

    /**
     * @param output the job's scores topic (exactly-once)
     * @param alerts the job's alerts topic
     */
    LatencyProbe(String servers, String input, String output, String alerts, BenchTraffic traffic) {
        this.servers = servers;
        this.input = input;
        this.output = output;
        this.alerts = alerts;
        this.traffic = traffic;
    }

    /**
     * Sends warm-up events until one comes out (the job is live), then ten seconds of unmeasured
     * traffic at {@code rate} events a second, then {@code rate} events a second for {@code
     * duration}, one in ten of them noise images that the job should alert on; returns the latency
     * of the scores for a read_committed and a read_uncommitted consumer, of the alerts (of the
     * noise events) for a read_committed consumer, and to the moment of scoring.
     */
    Latency[] measure(KafkaProducer<byte[], byte[]> producer, double rate, Duration duration)
            throws Exception {
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, Long> sentNoise = new ConcurrentHashMap<>();
        Map<String, Long> alerted = new ConcurrentHashMap<>();
        Map<String, Long> committed = new ConcurrentHashMap<>();
        Map<String, Long> uncommitted = new ConcurrentHashMap<>();
        Map<String, Long> scored = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread a = reader(output, "read_committed", committed, null, running);
        Thread b = reader(output, "read_uncommitted", uncommitted, scored, running);
        Thread c = reader(alerts, "read_committed", alerted, null, running);
        a.start();
        b.start();
        c.start();
        try {
            int warm = 0;
            long warmDeadline = System.currentTimeMillis() + 120_000;
            while (uncommitted.keySet().stream().noneMatch(k -> k.startsWith("warm-"))) {
                if (System.currentTimeMillis() > warmDeadline) {
                    throw new IllegalStateException("the job produced no output in 120 s");
                }
                send(producer, "warm-" + warm, warm++, false, null);
                Thread.sleep(200);
            }
            // Ten seconds at the offered rate, not measured: the first seconds of a fresh job
            // (JIT compilation, first batches) take several times longer than its steady state.
            offer(producer, rate, (int) (rate * 10), "warm-rate-", null, null);
            int count = (int) (rate * duration.toSeconds());
            offer(producer, rate, count, "lat-", sent, sentNoise);
            producer.flush();
            long deadline = System.currentTimeMillis() + 60_000;
            while (committed.keySet().stream().filter(k -> k.startsWith("lat-")).count() < count
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
        } finally {
            running.set(false);
            a.join();
            b.join();
            c.join();
        }
        return new Latency[] {
            latency(sent, committed),
            latency(sent, uncommitted),
            latency(sentNoise, alerted),
            latency(sent, scored)
        };
    }

    /**
     * Sends {@code count} events at {@code rate} a second, one in ten of them noise; records the
     * send times in {@code sent} and those of the noise events in {@code sentNoise} when not null.
     */
    private void offer(
            KafkaProducer<byte[], byte[]> producer,
            double rate,
            int count,
            String prefix,
            Map<String, Long> sent,
            Map<String, Long> sentNoise)
            throws InterruptedException {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            boolean noise = i % 10 == 9;
            send(producer, prefix + i, i, noise, sent);
            if (noise && sentNoise != null) {
                sentNoise.put(prefix + i, sent.get(prefix + i));
            }
        }
    }

    private void send(
            KafkaProducer<byte[], byte[]> producer,
            String id,
            int i,
            boolean noise,
            Map<String, Long> sent) {
        long now = System.currentTimeMillis();
        byte[] value = traffic.event(i, now, noise);
        // The event id in the JSON is bench-i; the key carries the probe's own id.
        String json =
                new String(value, StandardCharsets.UTF_8)
                        .replace("\"bench-" + i + "\"", "\"" + id + "\"");
        if (sent != null) {
            sent.put(id, now);
        }
        producer.send(
                new ProducerRecord<>(
                        input,
                        id.getBytes(StandardCharsets.UTF_8),
                        json.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @param scored where the records' own processing times go (the moment the job scored the
     *     event), or null
     */
    private Thread reader(
            String topic,
            String isolation,
            Map<String, Long> arrivals,
            Map<String, Long> scored,
            AtomicBoolean running) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic)
                .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return new Thread(
                () -> {
                    try (consumer) {
                        while (running.get()) {
                            consumer.poll(Duration.ofMillis(20))
                                    .forEach(
                                            r -> {
                                                String id = eventId(r.value());
                                                if (id != null) {
                                                    arrivals.putIfAbsent(
                                                            id, System.currentTimeMillis());
                                                    if (scored != null) {
                                                        scored.putIfAbsent(
                                                                id, processingTime(r.value()));
                                                    }
                                                }
                                            });
                        }
                    }
                },
                "latency-" + topic + "-" + isolation);
    }

    /** The event_id field of an output record, without parsing the whole record. */
    static String eventId(byte[] value) {
        String json = new String(value, StandardCharsets.UTF_8);
        int at = json.indexOf("\"event_id\":\"");
        if (at < 0) {
            return null;
        }
        int from = at + "\"event_id\":\"".length();
        return json.substring(from, json.indexOf('"', from));
    }

    /** The processing_time field of an output record. */
    static long processingTime(byte[] value) {
        String json = new String(value, StandardCharsets.UTF_8);
        int at = json.indexOf("\"processing_time\":");
        if (at < 0) {
            return Long.MAX_VALUE;
        }
        int from = at + "\"processing_time\":".length();
        int to = from;
        while (to < json.length() && Character.isDigit(json.charAt(to))) {
            to++;
        }
        return Long.parseLong(json.substring(from, to));
    }

    private static Latency latency(Map<String, Long> sent, Map<String, Long> arrivals) {
        List<Long> values = new ArrayList<>();
        sent.forEach(
                (id, t) -> {
                    Long arrived = arrivals.get(id);
                    if (arrived != null) {
                        values.add(arrived - t);
                    }
                });
        Collections.sort(values);
        if (values.isEmpty()) {
            return new Latency(-1, -1, -1, -1, 0, sent.size());
        }
        return new Latency(
                at(values, 0.50),
                at(values, 0.95),
                at(values, 0.99),
                values.get(values.size() - 1),
                values.size(),
                sent.size());
    }

    private static long at(List<Long> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }
}
