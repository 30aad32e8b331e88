package org.oodmonitor.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The flat-memory run: a live monitor job fed at a fixed rate by many distinct sources for many
 * minutes, sampling the heap after a full collection and the size of the latest checkpoint, so that
 * growth with time (a leak, or state that keeps every score) shows.
 */
final class SoakRun {

    /** One sample of the run. */
    record Sample(
            double minutes, long eventsSent, double heapMiB, double checkpointMiB, long windows) {
        String row() {
            return String.format(
                    Locale.ROOT,
                    "| %.1f | %d | %.1f | %.2f | %d |",
                    minutes,
                    eventsSent,
                    heapMiB,
                    checkpointMiB,
                    windows);
        }
    }

    private final String servers;
    private final String input;
    private final String windowsTopic;
    private final Path checkpoints;
    private final BenchTraffic traffic;

    /**
     * @param checkpoints the job's checkpoint directory
     */
    SoakRun(
            String servers,
            String input,
            String windowsTopic,
            Path checkpoints,
            BenchTraffic traffic) {
        this.servers = servers;
        this.input = input;
        this.windowsTopic = windowsTopic;
        this.checkpoints = checkpoints;
        this.traffic = traffic;
    }

    /**
     * Sends {@code rate} events a second from {@code sources} sources for {@code duration},
     * sampling every {@code every}.
     */
    List<Sample> run(
            KafkaProducer<byte[], byte[]> producer,
            double rate,
            int sources,
            Duration duration,
            Duration every)
            throws InterruptedException {
        AtomicLong windows = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread counter = windowCounter(windows, running);
        counter.start();
        List<Sample> samples = new ArrayList<>();
        try {
            long start = System.nanoTime();
            long next = every.toNanos();
            long count = (long) (rate * duration.toSeconds());
            for (long i = 0; i < count; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                String source = "camera-" + (i % sources);
                byte[] value =
                        traffic.event(
                                (int) (i % Integer.MAX_VALUE),
                                System.currentTimeMillis(),
                                i % 10 == 9,
                                source);
                producer.send(
                        new ProducerRecord<>(
                                input, source.getBytes(StandardCharsets.UTF_8), value));
                if (System.nanoTime() - start >= next) {
                    samples.add(sample((System.nanoTime() - start) / 6e10, i + 1, windows.get()));
                    System.out.println(samples.get(samples.size() - 1).row());
                    next += every.toNanos();
                }
            }
            producer.flush();
        } finally {
            running.set(false);
            counter.join();
        }
        return samples;
    }

    private Sample sample(double minutes, long sent, long windows) {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new Sample(
                minutes, sent, heap / 1048576.0, latestCheckpointBytes() / 1048576.0, windows);
    }

    /** Bytes of the newest completed checkpoint ({@code chk-N} with a {@code _metadata} file). */
    long latestCheckpointBytes() {
        try (Stream<Path> all = Files.walk(checkpoints, 2)) {
            Optional<Path> newest =
                    all.filter(p -> p.getFileName().toString().startsWith("chk-"))
                            .filter(p -> Files.exists(p.resolve("_metadata")))
                            .max(Comparator.comparingLong(SoakRun::checkpointNumber));
            return newest.map(SoakRun::size).orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long checkpointNumber(Path dir) {
        return Long.parseLong(dir.getFileName().toString().substring(4));
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(
                            p -> {
                                try {
                                    return Files.size(p);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            })
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** Counts the committed window records as they come, in a thread of its own. */
    private Thread windowCounter(AtomicLong windows, AtomicBoolean running) {
        Properties p = OutputTimes.committedFromEarliest(servers, "soak-windows");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(windowsTopic));
        return new Thread(
                () -> {
                    try (consumer) {
                        while (running.get()) {
                            windows.addAndGet(consumer.poll(Duration.ofMillis(500)).count());
                        }
                    }
                },
                "soak-window-counter");
    }
}
