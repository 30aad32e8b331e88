package org.oodmonitor.job.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.oodmonitor.inference.shift.BinnedReference;
import org.oodmonitor.inference.shift.ShiftReference;
import org.oodmonitor.job.operators.window.ShiftCounts;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.ShiftTest;

/** The window operator's shift tests: what fires, what is skipped and why, and cleanup. */
class WindowShiftTestsTest {

    private static final long SIZE = 1000;
    static final String CHECKSUM = "a".repeat(64);

    /** Two classes of 500 each; the score below or above -1.5 half the time each. */
    static final ShiftReference REFERENCE =
            new ShiftReference(
                    List.of(500L, 500L),
                    Map.of(
                            ShiftReference.MDS,
                            new BinnedReference(List.of(-1.5), List.of(500L, 500L))),
                    1000,
                    "validation");

    @Test
    void aClassMixShiftFiresAndUnchangedTrafficDoesNot() throws Exception {
        var harness = harness(Map.of(CHECKSUM, new ShiftReferences.Served(CHECKSUM, REFERENCE)));
        for (int i = 0; i < 100; i++) {
            harness.processElement(
                    ScoredEvent.of(score(i, i % 2, i % 4 < 2 ? -2 : -1, CHECKSUM)), i);
        }
        for (int i = 0; i < 100; i++) {
            // Label shift: every event predicted as class 0, scores as before.
            harness.processElement(
                    ScoredEvent.of(score(1000 + i, 0, i % 4 < 2 ? -2 : -1, CHECKSUM)), 1000 + i);
        }
        harness.processWatermark(new Watermark(1999));
        List<OodRateWindow> windows = harness.extractOutputValues();

        OodRateWindow quiet = windows.get(0);
        assertThat(quiet.flagged()).isFalse();
        assertThat(quiet.shiftTests())
                .extracting(ShiftTest::test)
                .containsExactly("class_mix", "mds");
        assertThat(quiet.shiftTests())
                .allSatisfy(t -> assertThat(t.statistic()).isCloseTo(0, within(1e-9)));
        assertThat(quiet.shiftTests()).noneMatch(ShiftTest::fired);
        assertThat(quiet.shiftTestsSkipped()).isNull();

        OodRateWindow shifted = windows.get(1);
        ShiftTest classMix = shifted.shiftTests().get(0);
        // 2 x 2 table {500, 500} / {100, 0}, worked by hand: 91.667 on one degree of freedom.
        assertThat(classMix.statistic()).isCloseTo(91.66666666666666, within(1e-9));
        assertThat(classMix.degreesOfFreedom()).isEqualTo(1);
        assertThat(classMix.fired()).isTrue();
        assertThat(shifted.shiftTests().get(1).fired()).isFalse();
        assertThat(shifted.flagged()).isTrue();
        assertThat(shifted.flagReason()).startsWith("shift: class_mix p=");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        harness.close();
    }

    @Test
    void windowsThatCannotBeTestedSayWhy() throws Exception {
        var withReference =
                harness(Map.of(CHECKSUM, new ShiftReferences.Served(CHECKSUM, REFERENCE)));
        for (int i = 0; i < 4; i++) {
            withReference.processElement(ScoredEvent.of(score(i, 0, -1, CHECKSUM)), i);
        }
        for (int i = 0; i < 100; i++) {
            withReference.processElement(
                    ScoredEvent.of(score(1000 + i, 0, -1, "b".repeat(64))), 1000 + i);
        }
        withReference.processWatermark(new Watermark(1999));
        List<OodRateWindow> windows = withReference.extractOutputValues();
        assertThat(windows.get(0).shiftTests()).isNull();
        assertThat(windows.get(0).shiftTestsSkipped())
                .isEqualTo("too few events to test class_mix, mds");
        assertThat(windows.get(1).shiftTests()).isNull();
        assertThat(windows.get(1).shiftTestsSkipped())
                .isEqualTo("the window's model version is not one the job serves");
        withReference.close();

        var without = harness(Map.of(CHECKSUM, new ShiftReferences.Served(CHECKSUM, null)));
        for (int i = 0; i < 100; i++) {
            without.processElement(ScoredEvent.of(score(i, 0, -1, CHECKSUM)), i);
        }
        without.processWatermark(new Watermark(999));
        OodRateWindow old = without.extractOutputValues().get(0);
        assertThat(old.shiftTests()).isNull();
        assertThat(old.shiftTestsSkipped()).startsWith("the model has no shift reference");
        assertThat(old.flagged()).isFalse();
        without.close();
    }

    @Test
    void scoreStatisticsAreBinnedByTheReference() {
        Map<String, BinnedReference> statistics = new LinkedHashMap<>();
        statistics.put(ShiftReference.MDS, new BinnedReference(List.of(-1.5), List.of(1L, 1L)));
        statistics.put(
                "pixel_mean", new BinnedReference(List.of(50.0, 100.0), List.of(1L, 1L, 1L)));
        ShiftReference reference = new ShiftReference(List.of(1L, 1L), statistics, 2, "x");
        ShiftCounts counts = new ShiftCounts();
        counts.add(withStatistics(score(1, 1, -2, CHECKSUM), 75.0), reference);
        counts.add(withStatistics(score(2, 1, -1, CHECKSUM), 120.0), reference);
        counts.add(score(3, 0, -1, CHECKSUM), reference);
        assertThat(counts.classCounts(2)).containsExactly(1, 2);
        assertThat(counts.bins("mds", 2)).containsExactly(1, 2);
        assertThat(counts.bins("pixel_mean", 3)).containsExactly(0, 1, 1);
        assertThat(counts.bins("entropic", 4)).containsExactly(0, 0, 0, 0);
    }

    @Test
    void countsBinnedByAnotherManifestAreDroppedNotMixed() {
        BinnedReference twoBins = new BinnedReference(List.of(-1.5), List.of(1L, 1L));
        BinnedReference threeBins = new BinnedReference(List.of(-1.5, -0.5), List.of(1L, 1L, 1L));
        ShiftReference before =
                new ShiftReference(List.of(1L, 1L), Map.of(ShiftReference.MDS, twoBins), 2, "a");
        ShiftReference after =
                new ShiftReference(List.of(1L, 1L), Map.of(ShiftReference.MDS, threeBins), 3, "b");
        String recalibrated = "b".repeat(64);
        ShiftCounts counts = new ShiftCounts();
        counts.add(score(1, 0, -2, CHECKSUM), before);
        counts.add(score(2, 0, -1, CHECKSUM), before);
        // The model recalibrated in place: more bins, which the old counts must not index.
        counts.add(score(3, 1, -0.2, recalibrated), after);
        assertThat(counts.checksum).isEqualTo(recalibrated);
        assertThat(counts.classCounts(2)).containsExactly(0, 1);
        assertThat(counts.bins("mds", 3)).containsExactly(0, 0, 1);
    }

    @Test
    void aStatisticNoScoreCarriesIsNamedAsSuch() {
        Map<String, BinnedReference> statistics = new LinkedHashMap<>();
        statistics.put(ShiftReference.MDS, new BinnedReference(List.of(-1.5), List.of(500L, 500L)));
        statistics.put("pixel_mean", new BinnedReference(List.of(80.0), List.of(500L, 500L)));
        ShiftReference reference =
                new ShiftReference(List.of(500L, 500L), statistics, 1000, "validation");
        ShiftCounts counts = new ShiftCounts();
        for (int i = 0; i < 100; i++) {
            counts.add(score(i, i % 2, i % 4 < 2 ? -2 : -1, CHECKSUM), reference);
        }
        WindowShiftTests.Outcome outcome =
                WindowShiftTests.run(
                        counts, new ShiftReferences.Served(CHECKSUM, reference), 100, 0.001);
        assertThat(outcome.tests()).extracting(ShiftTest::test).containsExactly("class_mix", "mds");
        assertThat(outcome.skipped()).isEqualTo("no pixel_mean values in the scores");
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ScoredEvent, OodRateWindow>
            harness(Map<String, ShiftReferences.Served> references) throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new TumblingOodRateFunction(
                                        TestWindows.settings(SIZE, 5, () -> references))),
                        TumblingOodRateFunction::keyOf,
                        Types.STRING);
        harness.open();
        return harness;
    }

    private static OodScore withStatistics(OodScore s, double pixelMean) {
        return new OodScore(
                s.schemaVersion(),
                s.eventId(),
                s.source(),
                s.eventTime(),
                s.modelName(),
                s.modelVersion(),
                s.modelChecksum(),
                s.predictedClass(),
                s.predictedLabel(),
                s.minDistance(),
                s.score(),
                s.threshold(),
                s.isOod(),
                s.classDistances(),
                s.processingTime(),
                s.attributes(),
                s.alertScore(),
                s.alertThreshold(),
                s.alertReasons(),
                Map.of("pixel_mean", pixelMean));
    }

    static OodScore score(long time, int predicted, double score, String checksum) {
        return TumblingOodRateFunctionTest.score(
                "cam", time, false, predicted, predicted == 0 ? "Bag" : "Coat", score, checksum);
    }
}
