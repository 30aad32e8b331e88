package org.oodmonitor.cli.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.QualityWindow;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.ShiftAlert;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.text.Printable;
import org.oodmonitor.schemas.validation.ValidationLimits;

/** Reads the job's output topics (read_committed) and prints alerts, windows and dead letters. */
final class DemoPrinter implements Runnable {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final String bootstrap;
    private final Properties clients;
    private final PrintStream out;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean draining = new AtomicBoolean();
    final AtomicLong alerts = new AtomicLong();
    final AtomicLong windows = new AtomicLong();
    final AtomicLong flagged = new AtomicLong();
    final AtomicLong deadLetters = new AtomicLong();
    final AtomicLong shifts = new AtomicLong();
    final AtomicLong qualityWindows = new AtomicLong();
    private final RecordReader<QualityWindow> qualityReader =
            new RecordReader<>(RecordType.QUALITY_WINDOW, ValidationLimits.defaults());
    private final RecordReader<OodScore> alertReader =
            new RecordReader<>(RecordType.OOD_ALERT, ValidationLimits.defaults());
    private final RecordReader<ShiftAlert> shiftReader =
            new RecordReader<>(RecordType.SHIFT_ALERT, ValidationLimits.defaults());
    private final RecordReader<OodRateWindow> windowReader =
            new RecordReader<>(RecordType.OOD_RATE_WINDOW, ValidationLimits.defaults());
    private final RecordReader<DeadLetter> letterReader =
            new RecordReader<>(RecordType.DEAD_LETTER, ValidationLimits.defaults());

    DemoPrinter(String bootstrap, Properties clients, PrintStream out) {
        this.bootstrap = bootstrap;
        this.clients = clients;
        this.out = out;
    }

    /** Prints one line; what records put in it (ids, sources, messages) cannot forge another. */
    synchronized void line(String text) {
        out.println(Printable.of(text));
    }

    void phase(String phase, long index) {
        line(
                ">>> producer: sending "
                        + phase
                        + switch (phase) {
                            case "fashion" -> " (in distribution)";
                            case "footwear" ->
                                    " only (a label shift: each image in distribution, the class"
                                            + " mix not)";
                            default -> " (out of distribution)";
                        }
                        + " from event "
                        + index);
    }

    /** A QUALITY line: what the delayed labels say of one window. */
    static String quality(QualityWindow q) {
        String measured =
                q.accuracy() == null
                        ? "no labels in time"
                        : String.format(
                                java.util.Locale.ROOT,
                                "accuracy %5.1f%%, errors %d (%d flagged OOD), error AUROC %s,"
                                        + " ECE %.2f",
                                100 * q.accuracy(),
                                q.errors(),
                                q.errorsFlaggedOod(),
                                q.errorAuroc() == null
                                        ? "-"
                                        : String.format(
                                                java.util.Locale.ROOT, "%.2f", q.errorAuroc()),
                                q.expectedCalibrationError());
        return String.format(
                java.util.Locale.ROOT,
                "QUALITY %s-%s %-13s labelled %3d/%3d | %s",
                TIME.format(Instant.ofEpochMilli(q.windowStart())),
                TIME.format(Instant.ofEpochMilli(q.windowEnd())),
                q.source(),
                q.labelledCount(),
                q.eventCount(),
                measured);
    }

    /** Stops at once, whatever is left unread. */
    void stop() {
        running.set(false);
    }

    /**
     * Stops once everything committed to the output topics so far has been printed; call it when
     * the job has ended, so that no transaction is still open.
     */
    void drain() {
        draining.set(true);
    }

    @Override
    public void run() {
        Properties p = new Properties();
        p.putAll(clients);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic :
                    List.of(
                            DemoTopics.ALERTS,
                            DemoTopics.WINDOWS,
                            DemoTopics.DEAD_LETTER,
                            DemoTopics.SHIFTS,
                            DemoTopics.QUALITY)) {
                for (PartitionInfo info : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                // Read before polling: what is committed when the drain starts must be printed.
                boolean last = draining.get();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    print(r);
                }
                if (last && caughtUp(consumer)) {
                    return;
                }
            }
        }
    }

    /** Whether the consumer has read up to the last stable offset of every partition. */
    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        return ends.entrySet().stream()
                .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private void print(ConsumerRecord<byte[], byte[]> r) {
        if (r.topic().equals(DemoTopics.ALERTS)) {
            OodScore a = alertReader.read(r.value()).value();
            alerts.incrementAndGet();
            String why =
                    a.alertReasons() == null
                            ? String.format(
                                    java.util.Locale.ROOT,
                                    "score %7.3f < threshold %.3f",
                                    a.score(),
                                    a.threshold())
                            : "unusual " + String.join(", ", a.alertReasons());
            line(
                    String.format(
                            "  ALERT  %s %-13s %-16s looks like %-11s %s",
                            TIME.format(Instant.ofEpochMilli(a.eventTime())),
                            a.source(),
                            a.eventId(),
                            a.predictedLabel(),
                            why));
        } else if (r.topic().equals(DemoTopics.WINDOWS)) {
            OodRateWindow w = windowReader.read(r.value()).value();
            windows.incrementAndGet();
            if (w.flagged()) {
                flagged.incrementAndGet();
            }
            int bar = (int) Math.round(w.oodRate() * 40);
            line(
                    String.format(
                            "WINDOW %s-%s %-13s OOD %3d/%3d = %5.1f%% |%-40s| %s",
                            TIME.format(Instant.ofEpochMilli(w.windowStart())),
                            TIME.format(Instant.ofEpochMilli(w.windowEnd())),
                            w.source(),
                            w.oodCount(),
                            w.eventCount(),
                            100 * w.oodRate(),
                            "#".repeat(bar),
                            w.flagged()
                                    ? "FLAGGED: " + w.flagReason()
                                    : "ok (p=" + String.format("%.2g", w.pValue()) + ")"));
        } else if (r.topic().equals(DemoTopics.QUALITY)) {
            QualityWindow q = qualityReader.read(r.value()).value();
            qualityWindows.incrementAndGet();
            // The demo labels images only: its vector windows have none to show.
            if (q.labelledCount() > 0) {
                line(quality(q));
            }
        } else if (r.topic().equals(DemoTopics.SHIFTS)) {
            ShiftAlert a = shiftReader.read(r.value()).value();
            shifts.incrementAndGet();
            line(
                    String.format(
                            java.util.Locale.ROOT,
                            "SHIFT  %s %-13s OOD rate %.1f%% since %s (expected %.1f%%, evidence"
                                    + " %.1f > %.1f over %d events)",
                            TIME.format(Instant.ofEpochMilli(a.detectedAt())),
                            a.source(),
                            100 * a.observedRate(),
                            TIME.format(Instant.ofEpochMilli(a.changePoint())),
                            100 * a.expectedRate(),
                            a.evidence(),
                            a.threshold(),
                            a.eventsSinceChange()));
        } else {
            DeadLetter d = letterReader.read(r.value()).value();
            deadLetters.incrementAndGet();
            line(
                    String.format(
                            "  DEAD LETTER %s-%d@%d %s: %s",
                            d.originalTopic(),
                            d.originalPartition(),
                            d.originalOffset(),
                            d.errorCode(),
                            d.errorMessage()));
        }
    }
}
