package org.oodmonitor.cli.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.audit.AuditReport;
import org.oodmonitor.audit.ReplayRunner;
import org.oodmonitor.audit.WhatIfComparison;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.reference.ReferenceVerdict;
import org.oodmonitor.job.TestClusters;
import org.oodmonitor.job.TestTraffic;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;

/**
 * The replay command end to end on a real broker: the audit report's input range, models, totals,
 * windows, top alerts and charts; a what-if threshold gives exactly the events between the two
 * thresholds; the explicit offset form reads exactly its offsets; reports are reproducible.
 */
class ReplayCommandITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    private static final int N = 30;
    private static final double WHAT_IF_THRESHOLD = -1.9;

    private static String images;
    private static String features;
    private static String labels;
    private static TestTraffic traffic;
    private static long from;
    private static long to;

    @TempDir Path tmp;

    @BeforeAll
    static void produce() throws Exception {
        String prefix = KafkaBrokerExtension.uniqueTopic("replay-cmd");
        images = prefix + ".images";
        features = prefix + ".features";
        labels = prefix + ".labels";
        KAFKA.createTopics(Map.of(images, 2, features, 1, labels, 1));
        traffic = TestTraffic.of(N, 300, 15);
        from = System.currentTimeMillis();
        traffic.produce(KAFKA, images);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(KAFKA.producerProperties())) {
            producer.send(
                    new ProducerRecord<>(features, "[1, 2]".getBytes(StandardCharsets.UTF_8)));
            // Labels of the first ten events, read only by the replay that names their topic.
            var writer =
                    new org.oodmonitor.schemas.serialization.RecordWriter<>(
                            org.oodmonitor.schemas.RecordType.LABEL_EVENT);
            for (int i = 0; i < 10; i++) {
                producer.send(
                        new ProducerRecord<>(
                                labels,
                                writer.write(
                                        org.oodmonitor.schemas.LabelEvent.ofClass(
                                                traffic.ids().get(i), "camera-1", 0, i))));
            }
            producer.flush();
        }
        to = System.currentTimeMillis() + 1;
    }

    @Test
    void auditReportWhatIfAndReproducibility() throws Exception {
        Path out = tmp.resolve("out");
        ReplayRunner.Outcome outcome =
                ReplayRunner.run(
                        ReplayCommands.parse(
                                args(
                                        "--from", "" + from,
                                        "--to", "" + to,
                                        "--out", "dir:" + out,
                                        "--what-if", "threshold:fashion=" + WHAT_IF_THRESHOLD)),
                        null);

        AuditReport report = AuditReport.readJson(out.resolve("audit-report.json"));
        assertThat(report.from()).isEqualTo(from);
        assertThat(report.partitions()).hasSize(3);
        assertThat(report.partitions().stream().mapToLong(p -> p.endOffset() - p.startOffset()))
                .containsExactlyInAnyOrderElementsOf(
                        outcome.input().all().stream().map(r -> r.end() - r.start()).toList());
        assertThat(
                        report.partitions().stream()
                                .mapToLong(p -> p.endOffset() - p.startOffset())
                                .sum())
                .isEqualTo(2 * N + 1);
        assertThat(report.partitions())
                .allSatisfy(
                        p -> {
                            assertThat(p.firstTimestamp()).isBetween(from, to - 1);
                            assertThat(p.lastTimestamp()).isBetween(p.firstTimestamp(), to - 1);
                        });
        assertThat(report.models())
                .singleElement()
                .satisfies(
                        m -> {
                            assertThat(m.manifestSha256())
                                    .isEqualTo(ModelArtifact.manifestSha256(TestTraffic.MODEL));
                            assertThat(m.thresholdSource()).isEqualTo("calibrated");
                        });
        assertThat(report.totals().eventsScored()).isEqualTo(2 * N);
        assertThat(report.totals().oodEvents()).isEqualTo(traffic.expectedAlerts().size());
        assertThat(report.totals().deadLettersByCode()).isEqualTo(Map.of("MALFORMED_JSON", 1L));
        assertThat(report.windows())
                .extracting(OodRateWindow::eventCount)
                .containsExactly(30L, 30L);
        assertThat(report.flaggedWindows())
                .extracting(OodRateWindow::windowStart)
                .containsExactly(1000L);
        assertThat(report.shiftAlerts())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.source()).isEqualTo("camera-1");
                            assertThat(a.changePoint()).isEqualTo(1000L);
                            assertThat(a.detectedAt()).isEqualTo(2000L);
                        });
        assertThat(report.topAlerts())
                .hasSize(Math.min(20, traffic.expectedAlerts().size()))
                .allMatch(OodScore::isOod)
                .isSortedAccordingTo(Comparator.comparingDouble(OodScore::score));
        assertThat(report.scoreDistributions())
                .singleElement()
                .satisfies(
                        h ->
                                assertThat(
                                                h.inDistribution().stream().mapToLong(x -> x).sum()
                                                        + h.ood().stream().mapToLong(x -> x).sum())
                                        .isEqualTo(2 * N));
        assertThat(report.options()).containsEntry("ood.inference.threads", "1");
        assertThat(report.scoring().inferenceThreads()).isEqualTo(1);
        assertThat(report.scoring().platform())
                .contains(Runtime.getRuntime().availableProcessors() + " cores, 1 PyTorch thread");
        // TestTraffic keeps every decision at least 2% away from its threshold.
        assertThat(report.scoring().borderline()).isEmpty();
        String html = Files.readString(out.resolve("audit-report.html"));
        assertThat(html)
                .contains(
                        "<h2>Shift alerts</h2>",
                        "OOD rate over time",
                        "<polyline",
                        "<rect",
                        "Top alerts",
                        "Scoring platform");

        // What-if: a threshold override decides on the minimum distance score alone, so the
        // variant flags exactly the events the reference scores below it, the baseline those the
        // reference's detector flags.
        List<String> variantOnly = new ArrayList<>();
        List<String> baselineOnly = new ArrayList<>();
        long both = 0;
        for (int i = 0; i < traffic.ids().size(); i++) {
            ReferenceVerdict expected = traffic.verdicts().get(i);
            assertThat(Math.abs(expected.score() - WHAT_IF_THRESHOLD))
                    .as("a clear what-if decision for %s", traffic.ids().get(i))
                    .isGreaterThan(1e-3);
            boolean variant = expected.score() < WHAT_IF_THRESHOLD;
            if (variant && !expected.ood()) {
                variantOnly.add(traffic.ids().get(i));
            } else if (!variant && expected.ood()) {
                baselineOnly.add(traffic.ids().get(i));
            } else if (variant) {
                both++;
            }
        }
        WhatIfComparison comparison = outcome.comparison();
        assertThat(variantOnly).as("the test needs events only the variant flags").isNotEmpty();
        assertThat(comparison.variantOnly())
                .extracting(WhatIfComparison.EventDifference::eventId)
                .containsExactlyInAnyOrderElementsOf(variantOnly);
        assertThat(comparison.baselineOnly())
                .extracting(WhatIfComparison.EventDifference::eventId)
                .containsExactlyInAnyOrderElementsOf(baselineOnly);
        assertThat(comparison.flaggedByBoth()).isEqualTo(both);
        assertThat(
                        comparison.windows().stream()
                                .mapToLong(w -> w.variantOod() - w.baselineOod())
                                .sum())
                .isEqualTo(variantOnly.size() - baselineOnly.size());
        List<String> variantAlerts = new ArrayList<>();
        for (int i = 0; i < traffic.ids().size(); i++) {
            if (traffic.verdicts().get(i).score() < WHAT_IF_THRESHOLD) {
                variantAlerts.add(traffic.ids().get(i));
            }
        }
        var alertReader =
                new org.oodmonitor.schemas.serialization.RecordReader<>(
                        org.oodmonitor.schemas.RecordType.OOD_ALERT,
                        org.oodmonitor.schemas.validation.ValidationLimits.defaults());
        assertThat(Files.readAllLines(out.resolve("what-if").resolve("alerts.jsonl")))
                .as(
                        "the variant's alerts: every event the reference scores under the new"
                                + " threshold")
                .map(
                        line ->
                                alertReader
                                        .read(line.getBytes(StandardCharsets.UTF_8))
                                        .value()
                                        .eventId())
                .containsExactlyInAnyOrderElementsOf(variantAlerts);
        var whatIfJson =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(out.resolve("what-if.json").toFile());
        assertThat(whatIfJson.toString()).contains(variantOnly.get(0));
        assertThat(Files.readString(out.resolve("what-if.html"))).contains(variantOnly.get(0));
        assertThat(
                        AuditReport.readJson(out.resolve("what-if").resolve("audit-report.json"))
                                .totals()
                                .oodEvents())
                .isEqualTo(variantAlerts.size());

        // A second replay of the same range: the same bytes, reports included.
        Path again = tmp.resolve("again");
        ReplayRunner.run(
                ReplayCommands.parse(
                        args(
                                "--from", "" + from,
                                "--to", "" + to,
                                "--out", "dir:" + again,
                                "--what-if", "threshold:fashion=" + WHAT_IF_THRESHOLD)),
                null);
        for (String file :
                List.of(
                        "alerts.jsonl",
                        "windows.jsonl",
                        "scores.jsonl",
                        "dead-letters.jsonl",
                        "audit-report.json",
                        "audit-report.html",
                        "what-if.json",
                        "what-if.html",
                        "what-if/alerts.jsonl")) {
            assertThat(Files.mismatch(out.resolve(file), again.resolve(file)))
                    .as(file)
                    .isEqualTo(-1L);
        }
    }

    @Test
    void aReplayWithLabelsWritesAndReportsTheQualityWindows() throws Exception {
        Path out = tmp.resolve("labelled");
        ReplayRunner.run(
                ReplayCommands.parse(
                        args(
                                "--set", "ood.topics.labels=" + labels,
                                "--set", "ood.labels.max-delay=1s",
                                "--from", "" + from,
                                "--to", "" + to,
                                "--out", "dir:" + out)),
                null);

        AuditReport report = AuditReport.readJson(out.resolve("audit-report.json"));
        assertThat(report.quality())
                .as("one quality window per scored window")
                .hasSize(2)
                .first()
                .satisfies(
                        q -> {
                            assertThat(q.windowStart()).isZero();
                            assertThat(q.labelledCount()).isEqualTo(10);
                            assertThat(q.eventCount()).isEqualTo(N);
                        });
        assertThat(java.nio.file.Files.readAllLines(out.resolve("quality.jsonl"))).hasSize(2);
        assertThat(java.nio.file.Files.readString(out.resolve("audit-report.html")))
                .contains("Realized quality (delayed labels)", "10 / " + N);
    }

    @Test
    void explicitOffsetsReadExactlyThoseRecords() throws Exception {
        Path out = tmp.resolve("offsets");
        ReplayRunner.Outcome outcome =
                ReplayRunner.run(
                        ReplayCommands.parse(
                                args(
                                        "--offsets",
                                        images + ":0:2-7," + images + ":1:0-3",
                                        "--topics",
                                        images,
                                        "--out",
                                        "dir:" + out,
                                        "--mode",
                                        "streaming")),
                        null);

        assertThat(outcome.input().from()).isNull();
        assertThat(outcome.result().scores())
                .extracting(OodScore::eventId)
                .as("the events at exactly those offsets, read by a plain consumer")
                .containsExactlyInAnyOrderElementsOf(
                        java.util.stream.Stream.concat(
                                        keysAt(images, 0, 2, 7).stream(),
                                        keysAt(images, 1, 0, 3).stream())
                                .toList());
        assertThat(Files.readAllLines(out.resolve("scores.jsonl"))).hasSize(8);
        assertThat(outcome.report().partitions())
                .extracting(AuditReport.Partition::startOffset, AuditReport.Partition::endOffset)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, 7L),
                        org.assertj.core.groups.Tuple.tuple(0L, 3L));
    }

    @Test
    void offsetsOutsideTheLogAndUnknownTopicsAreClearErrors() {
        assertThatThrownBy(
                        () ->
                                ReplayRunner.run(
                                        ReplayCommands.parse(
                                                args(
                                                        "--offsets", images + ":0:0-100000",
                                                        "--out", "dir:" + tmp)),
                                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the log");
        assertThatThrownBy(
                        () ->
                                ReplayRunner.run(
                                        ReplayCommands.parse(
                                                args(
                                                        "--from", "0",
                                                        "--to", "1",
                                                        "--topics", "images=no-such-topic",
                                                        "--out", "dir:" + tmp)),
                                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-topic");
    }

    /** The keys (event ids) of the records at offsets {@code [start, end)} of one partition. */
    private static List<String> keysAt(String topic, int partition, long start, long end) {
        var tp = new org.apache.kafka.common.TopicPartition(topic, partition);
        List<String> keys = new ArrayList<>();
        try (var consumer =
                new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(
                        KAFKA.consumerProperties("keys-" + System.nanoTime()))) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, start);
            long deadline = System.currentTimeMillis() + 30_000;
            while (consumer.position(tp) < end && System.currentTimeMillis() < deadline) {
                for (var r : consumer.poll(java.time.Duration.ofMillis(300))) {
                    if (r.offset() < end) {
                        keys.add(new String(r.key(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        assertThat(keys).hasSize((int) (end - start));
        return keys;
    }

    private static String[] args(String... extra) {
        List<String> all =
                new ArrayList<>(
                        List.of(
                                "--quiet",
                                "--set",
                                "ood.kafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                                "--set",
                                "ood.event-time.max-age=0",
                                "--set",
                                "ood.topics.images=" + images,
                                "--set",
                                "ood.topics.features=" + features,
                                "--set",
                                "ood.model.dirs=fashion:" + TestTraffic.MODEL,
                                "--set",
                                "ood.model.default=fashion",
                                "--set",
                                "ood.window.size=1s",
                                "--set",
                                // Short enough for the digits' one window to raise a shift alert.
                                "ood.shift.expected-run-events=1000"));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }
}
