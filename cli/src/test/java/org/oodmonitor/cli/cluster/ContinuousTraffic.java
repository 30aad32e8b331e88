package org.oodmonitor.cli.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.MnistDigitsJson;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.ImageEvent;
import org.oodmonitor.schemas.ImagePayload;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/**
 * Live traffic for the cluster test: {@code n} image events, 10 ms of event time apart, sent at
 * {@code perSecond} events a second in a background thread to partition {@code i % partitions}. Two
 * sources alternate; every fifth run of 20 events is MNIST digits (out of distribution), the rest
 * Fashion-MNIST. Then one late-time event per partition, 5 s of event time after the last, moves
 * every partition's watermark past the last full window.
 */
final class ContinuousTraffic {

    static final long STEP_MS = 10;

    private final List<String> ids = new ArrayList<>();
    private final List<Long> times = new ArrayList<>();
    private final List<String> sources = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();
    private final int partitions;
    private final AtomicInteger sent = new AtomicInteger();
    private final Object gate = new Object();
    private int allowed = Integer.MAX_VALUE;
    private Thread thread;
    private volatile Exception failure;

    ContinuousTraffic(String run, int n, int partitions, long baseTime) throws IOException {
        this.partitions = partitions;
        ImageSet fashion =
                IdxFiles.readImages(
                        Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"), null);
        ImageSet digits = MnistDigitsJson.read(Path.of("../samples/mnist-digits"));
        RecordWriter<ImageEvent> writer = new RecordWriter<>(RecordType.IMAGE_EVENT);
        int total = n + partitions;
        for (int i = 0; i < total; i++) {
            boolean tail = i >= n;
            boolean digit = !tail && (i / 20) % 5 == 4;
            ImageSet set = digit ? digits : fashion;
            int index = i % set.count();
            byte[] pixels = Arrays.copyOfRange(set.pixels(), index * 784, (index + 1) * 784);
            long time = baseTime + (tail ? (n - 1) * STEP_MS + 5_000 : i * STEP_MS);
            String id = run + "-" + i;
            String source = "camera-" + (i % 2);
            ids.add(id);
            times.add(time);
            sources.add(source);
            values.add(
                    writer.write(
                            ImageEvent.of(
                                    id,
                                    source,
                                    null,
                                    time,
                                    ImagePayload.raw(pixels, 28, 28, 1),
                                    null)));
        }
    }

    /** Starts sending in the background. */
    void start(KafkaBrokerExtension kafka, String topic, int perSecond) {
        thread =
                new Thread(
                        () -> {
                            try (KafkaProducer<byte[], byte[]> producer =
                                    new KafkaProducer<>(kafka.producerProperties())) {
                                long start = System.nanoTime();
                                for (int i = 0; i < ids.size(); i++) {
                                    awaitAllowed(i);
                                    // Pacing, not waiting for a condition: this is a live stream.
                                    long due = start + i * 1_000_000_000L / perSecond;
                                    long wait = due - System.nanoTime();
                                    if (wait > 0) {
                                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                                    }
                                    producer.send(
                                            new ProducerRecord<>(
                                                    topic,
                                                    i % partitions,
                                                    ids.get(i).getBytes(StandardCharsets.UTF_8),
                                                    values.get(i)),
                                            (metadata, e) -> {
                                                if (e != null) {
                                                    failure = e;
                                                }
                                            });
                                    sent.incrementAndGet();
                                }
                                producer.flush();
                            } catch (Exception e) {
                                failure = e;
                            }
                        },
                        "continuous-traffic");
        thread.start();
    }

    /** Holds back the events from index {@code upTo} on until {@link #release} lets them go. */
    void release(int upTo) {
        synchronized (gate) {
            allowed = upTo;
            gate.notifyAll();
        }
    }

    private void awaitAllowed(int index) throws InterruptedException {
        synchronized (gate) {
            while (index >= allowed) {
                gate.wait();
            }
        }
    }

    /** Events sent so far. */
    int sent() {
        return sent.get();
    }

    /**
     * Waits until {@code count} events have been handed to the producer.
     *
     * @throws AssertionError at once when a send failed or the sender died, or after {@code
     *     timeout}
     */
    void awaitSent(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sent.get() < count) {
            if (failure != null) {
                throw new AssertionError("sending the traffic failed", failure);
            }
            if (thread == null || !thread.isAlive() && sent.get() < count) {
                throw new AssertionError("the sender stopped after " + sent.get() + " events");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        count + " events not sent in " + timeout + ", only " + sent.get());
            }
            Thread.sleep(10);
        }
    }

    /** Waits for the last event to be sent. */
    void finish() throws Exception {
        thread.join(Duration.ofMinutes(4).toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("the sender is still sending after 4 minutes");
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Every event id, tail included. */
    List<String> ids() {
        return ids;
    }

    /**
     * Events per {@code source@windowStart} for the windows that the tail closes (all but the
     * tail's own).
     */
    Map<String, Long> closedWindowCounts(long windowMs) {
        Map<String, Long> counts = new TreeMap<>();
        long lastFullEnd = times.get(times.size() - 1) - 2_000;
        for (int i = 0; i < ids.size() - partitions; i++) {
            long start = times.get(i) - Math.floorMod(times.get(i), windowMs);
            if (start + windowMs <= lastFullEnd) {
                counts.merge(sources.get(i) + "@" + start, 1L, Long::sum);
            }
        }
        return counts;
    }
}
