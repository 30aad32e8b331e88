package org.oodmonitor.job.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.reference.ReferenceVerdicts;
import org.oodmonitor.job.config.ScoringOptions;
import org.oodmonitor.job.outputs.SideOutputs;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.job.source.MonitorEvent;
import org.oodmonitor.job.source.ProcessingClock;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.OodScore;

/** Harness tests of micro-batching, flushing, scoring and dead letters with the real model. */
class BatchScoringOperatorTest {

    private static final int BATCH = 4;
    private static final long DELAY = 50;

    private OneInputStreamOperatorTestHarness<MonitorEvent, ScoredEvent> harness;
    private BatchScoringOperator operator;

    @BeforeEach
    void open() throws Exception {
        operator =
                new BatchScoringOperator(
                        TestScoring.settings(
                                TestEvents.specs(),
                                ProcessingClock.WALL_CLOCK,
                                c -> {
                                    c.set(ScoringOptions.BATCH_SIZE, BATCH);
                                    c.set(ScoringOptions.BATCH_DELAY, Duration.ofMillis(DELAY));
                                    c.set(ScoringOptions.CLASS_DISTANCES, true);
                                    c.set(ScoringOptions.FIXED_SHAPE_BATCHES, false);
                                }));
        harness = new OneInputStreamOperatorTestHarness<>(operator);
        harness.setProcessingTime(0);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void fullBatchFlushesAtOnceAndScoresMatchTheModel() throws Exception {
        for (int i = 0; i < BATCH - 1; i++) {
            harness.processElement(TestEvents.fashion(i), 1000 + i);
        }
        assertThat(TestEvents.scores(harness)).isEmpty();
        assertThat(operator.buffered()).isEqualTo(BATCH - 1);

        harness.processElement(TestEvents.fashion(BATCH - 1), 1000 + BATCH - 1);

        List<OodScore> scores = TestEvents.scores(harness);
        assertThat(scores).hasSize(BATCH);
        assertThat(operator.buffered()).isZero();
        // Every score against the independent plain-Java reference, which computes it from the
        // model's parameters, and the checksum against the committed file's literal SHA-256.
        ReferenceVerdicts reference = ReferenceVerdicts.load(TestEvents.MODEL);
        for (int i = 0; i < BATCH; i++) {
            var verdict = reference.ofImage(TestEvents.pixels(TestEvents.fashion(i)));
            assertThat(scores.get(i).eventTime()).isEqualTo(1000L + i);
            assertThat(scores.get(i).score())
                    .as("score of image %d", i)
                    .isCloseTo(verdict.score(), org.assertj.core.api.Assertions.within(1e-4));
            if (verdict.clear()) {
                assertThat(scores.get(i).isOod())
                        .as("verdict of image %d", i)
                        .isEqualTo(verdict.ood());
            }
        }
        try (OodModel model = OodModel.load(TestEvents.MODEL)) {
            OodScore first = scores.get(0);
            assertThat(first.modelChecksum())
                    .isEqualTo("3bd82606a876182248f88b8cdf90316e1b2f849d3268ba07f4984908fa0ea44e");
            assertThat(first.threshold()).isEqualTo(model.manifest().calibration().threshold());
            // The alert detector decides: its score and threshold are on every record.
            assertThat(first.alertThreshold())
                    .isEqualTo(model.manifest().alertDetector().threshold());
            // An in-distribution test image (an ankle boot, by its label) that the calibrated
            // detector lets through, as it does 95% of them: known from the data, not the code.
            assertThat(first.isOod()).isFalse();
            assertThat(first.alertReasons()).isEmpty();
            assertThat(first.alertScore()).isGreaterThanOrEqualTo(first.alertThreshold());
            assertThat(first.classDistances()).hasSize(10);
        }
        // The first sample image is an ankle boot.
        assertThat(scores.get(0).predictedLabel()).isEqualTo("Ankle boot");
        assertThat(scores.get(0).eventTime()).isEqualTo(1000L);
    }

    @Test
    void aWatermarkWaitsForTheBufferedEventsWithoutCuttingTheirBatchShort() throws Exception {
        harness.processElement(TestEvents.fashion(0), 10);
        harness.processElement(TestEvents.fashion(1), 20);
        harness.processWatermark(new Watermark(25));
        harness.processWatermark(new Watermark(30));
        assertThat(harness.getOutput()).as("held with the batch").isEmpty();
        assertThat(operator.buffered()).isEqualTo(2);

        harness.setProcessingTime(DELAY);
        List<Object> output = new ArrayList<>(harness.getOutput());
        assertThat(output).hasSize(3);
        assertThat(output.get(0)).isInstanceOf(StreamRecord.class);
        assertThat(output.get(1)).isInstanceOf(StreamRecord.class);
        assertThat(((StreamRecord<?>) output.get(1)).getTimestamp()).isEqualTo(20);
        // Only the latest held watermark, after the events it passed.
        assertThat(output.get(2)).isEqualTo(new Watermark(30));
    }

    @Test
    void aWatermarkWithNothingBufferedPassesAtOnce() throws Exception {
        harness.processWatermark(new Watermark(30));
        assertThat(harness.getOutput()).containsExactly(new Watermark(30));
    }

    @Test
    void theFinalWatermarkFlushesAtOnce() throws Exception {
        harness.processElement(TestEvents.fashion(0), 10);
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        List<Object> output = new ArrayList<>(harness.getOutput());
        assertThat(output).hasSize(2);
        assertThat(output.get(1)).isEqualTo(new Watermark(Long.MAX_VALUE));
    }

    @Test
    void bufferIsFlushedBeforeACheckpointBarrierAndOnTheTimer() throws Exception {
        harness.processElement(TestEvents.fashion(0), 10);
        harness.prepareSnapshotPreBarrier(1);
        assertThat(TestEvents.scores(harness)).hasSize(1);
        assertThat(operator.buffered()).isZero();

        harness.processElement(TestEvents.fashion(1), 11);
        harness.setProcessingTime(DELAY - 1);
        assertThat(TestEvents.scores(harness)).hasSize(1);
        harness.setProcessingTime(DELAY);
        assertThat(TestEvents.scores(harness)).hasSize(2);
        assertThat(operator.buffered()).isZero();
    }

    @Test
    void digitsAreMostlyOodAndClothesMostlyNot() throws Exception {
        int n = 40;
        for (int i = 0; i < n; i++) {
            harness.processElement(TestEvents.fashion(i), i);
            harness.processElement(TestEvents.digit(i * 25), i);
        }
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        List<OodScore> scores = TestEvents.scores(harness);
        long oodClothes =
                scores.stream().filter(s -> s.eventId().startsWith("fashion") && s.isOod()).count();
        long oodDigits =
                scores.stream().filter(s -> s.eventId().startsWith("digit") && s.isOod()).count();
        assertThat(scores).hasSize(2 * n);
        assertThat(oodClothes).as("clothes flagged").isLessThanOrEqualTo(n / 5);
        assertThat(oodDigits).as("digits flagged").isGreaterThanOrEqualTo(n / 2);
    }

    @Test
    void aCheckpointBarrierAndTheEndOfInputFlushWhatIsBuffered() throws Exception {
        harness.processElement(TestEvents.fashion(0), 1);
        harness.processElement(TestEvents.fashion(1), 2);
        assertThat(TestEvents.scores(harness)).isEmpty();

        // Exactly once needs every event read before a barrier scored before it.
        harness.prepareSnapshotPreBarrier(1);
        assertThat(TestEvents.scores(harness))
                .extracting(OodScore::eventId)
                .containsExactly("fashion-0", "fashion-1");
        assertThat(operator.buffered()).isZero();

        harness.processElement(TestEvents.fashion(2), 3);
        operator.finish();
        assertThat(TestEvents.scores(harness))
                .extracting(OodScore::eventId)
                .containsExactly("fashion-0", "fashion-1", "fashion-2");
    }

    @Test
    void badEventsGoToDeadLettersWithTheReasonAndTheRestIsScored() throws Exception {
        harness.processElement(TestEvents.withModel(TestEvents.fashion(0), "nope"), 1);
        harness.processElement(
                TestEvents.image(
                        "corrupt",
                        "png",
                        new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2},
                        null,
                        null,
                        null),
                2);
        harness.processElement(TestEvents.image("small", "raw", new byte[100], 10, 10, 1), 3);
        harness.processElement(TestEvents.vector("vec", 8), 4);
        harness.processElement(TestEvents.image("png", "png", png(), null, null, null), 5);
        harness.setProcessingTime(DELAY);

        List<DeadLetter> letters = new ArrayList<>();
        harness.getSideOutput(SideOutputs.DEAD_LETTERS).forEach(r -> letters.add(r.getValue()));
        assertThat(letters)
                .extracting(DeadLetter::errorCode)
                .containsExactly(
                        ErrorCode.UNKNOWN_MODEL,
                        ErrorCode.CORRUPT_IMAGE,
                        ErrorCode.WRONG_SHAPE,
                        ErrorCode.WRONG_DIMENSION);
        assertThat(letters.get(0).errorMessage())
                .isEqualTo("model 'nope' is not served by this job; served: [fashion]");
        assertThat(letters.get(2).errorMessage())
                .isEqualTo("image is 10x10, model fashion-mnist-isomax expects 28x28");
        assertThat(letters.get(2).originalTopic()).isEqualTo("images");
        assertThat(letters.get(2).originalOffset()).isEqualTo(7);
        assertThat(TestEvents.scores(harness)).extracting(OodScore::eventId).containsExactly("png");
    }

    /**
     * Events no parser lets through (an image without an encoding, negative or zero dimensions, a
     * channel count the bytes do not match) and a 784-float vector sent to the image model still
     * get their specific reason, never the catch-all {@code PROCESSING_FAILED}, and the events
     * around them are scored. Seen to fail: with the encoding check removed from the preprocessor
     * the first letter is {@code PROCESSING_FAILED}.
     */
    @Test
    void eventsNoParserProducesGetTheirSpecificReasonAndTheRestIsScored() throws Exception {
        harness.processElement(TestEvents.fashion(0), 1);
        harness.processElement(TestEvents.image("no-encoding", null, png(), null, null, null), 2);
        harness.processElement(TestEvents.vector("pixels-as-vector", 784), 3);
        harness.processElement(TestEvents.image("negative", "raw", new byte[784], -28, -28, 1), 4);
        harness.processElement(TestEvents.image("no-channels", "raw", new byte[784], 28, 28, 0), 5);
        harness.processElement(TestEvents.image("seven", "raw", new byte[784], 28, 28, 7), 6);
        harness.processElement(TestEvents.fashion(1), 7);
        harness.setProcessingTime(DELAY);

        List<DeadLetter> letters = new ArrayList<>();
        harness.getSideOutput(SideOutputs.DEAD_LETTERS).forEach(r -> letters.add(r.getValue()));
        assertThat(letters)
                .extracting(DeadLetter::errorCode, DeadLetter::errorMessage)
                .containsExactly(
                        tuple(
                                ErrorCode.CORRUPT_IMAGE,
                                "unknown image encoding 'null'; raw, png or jpeg are served"),
                        tuple(
                                ErrorCode.WRONG_DIMENSION,
                                "model fashion-mnist-isomax takes 28x28 images, got a vector"),
                        tuple(
                                ErrorCode.WRONG_SHAPE,
                                "image is -28x-28, model fashion-mnist-isomax expects 28x28"),
                        tuple(
                                ErrorCode.CORRUPT_IMAGE,
                                "raw image of 28x28x0 has 0 channels; 1 or 3 are served"),
                        tuple(
                                ErrorCode.CORRUPT_IMAGE,
                                "raw image of 28x28x7 has 7 channels; 1 or 3 are served"));
        assertThat(TestEvents.scores(harness))
                .extracting(OodScore::eventId)
                .containsExactly("fashion-0", "fashion-1");
    }

    @Test
    void eventsWithoutAModelNameUseTheirSourceDefault() throws Exception {
        var specs =
                new org.oodmonitor.job.scoring.ModelSpecs(
                        java.util.Map.of(
                                "fashion",
                                TestEvents.MODEL.toString(),
                                "pooled",
                                "../models/fashion-pooled-vectors"),
                        "fashion",
                        java.util.Map.of(),
                        java.util.Map.of("api", "pooled"));
        try (var h =
                new OneInputStreamOperatorTestHarness<MonitorEvent, ScoredEvent>(
                        new BatchScoringOperator(
                                TestScoring.settings(
                                        specs,
                                        ProcessingClock.WALL_CLOCK,
                                        c -> {
                                            c.set(ScoringOptions.BATCH_SIZE, 8);
                                            c.set(
                                                    ScoringOptions.BATCH_DELAY,
                                                    Duration.ofMillis(DELAY));
                                            c.set(ScoringOptions.FIXED_SHAPE_BATCHES, false);
                                        })))) {
            h.open();
            h.processElement(TestEvents.vector("from-api", 49), 1);
            h.processElement(TestEvents.fashion(0), 2);
            h.prepareSnapshotPreBarrier(1);
            assertThat(TestEvents.scores(h))
                    .extracting(OodScore::eventId, OodScore::modelName)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(
                                    "from-api", "fashion-pooled-vectors"),
                            org.assertj.core.groups.Tuple.tuple(
                                    "fashion-0", "fashion-mnist-isomax"));
            assertThat(h.getSideOutput(SideOutputs.DEAD_LETTERS)).isNull();
        }
    }

    @Test
    void fixedShapeBatchesGiveEveryEventTheSameScoreWhateverItsCompanions() throws Exception {
        int n = 8;
        List<OodScore> alone = new ArrayList<>();
        List<OodScore> together;
        try (var h = fixedShapeHarness(n)) {
            for (int i = 0; i < n; i++) {
                h.processElement(
                        TestEvents.withKafkaTimestamp(TestEvents.digit(i * 7), 5000 + i), i);
                h.prepareSnapshotPreBarrier(i);
            }
            alone.addAll(TestEvents.scores(h));
        }
        try (var h = fixedShapeHarness(n)) {
            for (int i = n - 1; i >= 0; i--) {
                h.processElement(
                        TestEvents.withKafkaTimestamp(TestEvents.digit(i * 7), 5000 + i), i);
            }
            together = new ArrayList<>(TestEvents.scores(h));
        }
        together.sort(java.util.Comparator.comparingLong(OodScore::eventTime));
        assertThat(together).hasSize(n);
        // Bit for bit: replays rely on it, so no tolerance here.
        assertThat(together)
                .extracting(OodScore::score)
                .containsExactlyElementsOf(alone.stream().map(OodScore::score).toList());
        assertThat(together)
                .extracting(OodScore::processingTime)
                .as("record timestamps, not the wall clock")
                .containsExactly(5000L, 5001L, 5002L, 5003L, 5004L, 5005L, 5006L, 5007L);
    }

    private static OneInputStreamOperatorTestHarness<MonitorEvent, ScoredEvent> fixedShapeHarness(
            int batch) throws Exception {
        var h =
                new OneInputStreamOperatorTestHarness<MonitorEvent, ScoredEvent>(
                        new BatchScoringOperator(
                                TestScoring.settings(
                                        TestEvents.specs(),
                                        ProcessingClock.RECORD_TIMESTAMP,
                                        c -> {
                                            c.set(ScoringOptions.BATCH_SIZE, batch);
                                            c.set(
                                                    ScoringOptions.BATCH_DELAY,
                                                    Duration.ofMillis(DELAY));
                                        })));
        h.open();
        return h;
    }

    /**
     * The pinned thread count holds whatever the parallelism and whatever else in the process set
     * PyTorch's threads after the operator opened (another job in the same JVM, an earlier test):
     * the scores are bit for bit the same. Fails when the count is applied only in {@code open()}.
     */
    @Test
    void pinnedThreadsGiveTheSameBitsWhateverTheParallelismAndOtherSettings() throws Exception {
        int n = 6;
        List<List<Double>> runs = new ArrayList<>();
        for (int[] layout : new int[][] {{1, 0}, {3, 2}}) {
            try (var h =
                    new OneInputStreamOperatorTestHarness<MonitorEvent, ScoredEvent>(
                            new BatchScoringOperator(
                                    TestScoring.settings(
                                            TestEvents.specs(),
                                            ProcessingClock.RECORD_TIMESTAMP,
                                            c -> {
                                                c.set(ScoringOptions.BATCH_SIZE, n);
                                                c.set(
                                                        ScoringOptions.BATCH_DELAY,
                                                        Duration.ofMillis(DELAY));
                                            })),
                            8,
                            layout[0],
                            layout[1])) {
                h.open();
                org.oodmonitor.inference.scoring.InferenceThreads.apply(2);
                for (int i = 0; i < n; i++) {
                    h.processElement(TestEvents.digit(i * 11), i);
                }
                assertThat(org.oodmonitor.inference.scoring.InferenceThreads.current())
                        .as("the operator's own count, applied before its forward pass")
                        .isEqualTo(1);
                runs.add(TestEvents.scores(h).stream().map(OodScore::score).toList());
                assertThat(h.extractOutputValues())
                        .extracting(ScoredEvent::platform)
                        .as("each event names the platform with the count that scored it")
                        .containsOnly(
                                org.oodmonitor.job.scoring.ScoringPlatform.current(1).describe());
            }
        }
        assertThat(runs.get(0)).hasSize(n);
        assertThat(runs.get(1)).containsExactlyElementsOf(runs.get(0));
    }

    private static byte[] png() throws Exception {
        java.awt.image.BufferedImage img =
                new java.awt.image.BufferedImage(
                        28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = TestEvents.pixels(TestEvents.fashion(3));
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                img.getRaster().setSample(x, y, 0, px[y * 28 + x] & 0xff);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
