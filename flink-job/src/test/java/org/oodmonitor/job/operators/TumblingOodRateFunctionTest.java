package org.oodmonitor.job.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oodmonitor.job.outputs.SideOutputs;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.ShadowAgreement;
import org.oodmonitor.schemas.ShadowVerdict;

/** Window output, flagging, late events, watermarks, and state and timer cleanup. */
class TumblingOodRateFunctionTest {

    private static final long SIZE = 1000;
    private static final int GAUGES = 5;
    private KeyedOneInputStreamOperatorTestHarness<String, ScoredEvent, OodRateWindow> harness;
    private TumblingOodRateFunction function;

    @BeforeEach
    void open() throws Exception {
        function = new TumblingOodRateFunction(TestWindows.settings(SIZE, GAUGES));
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function),
                        TumblingOodRateFunction::keyOf,
                        Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void normalRateIsNotFlaggedAndAShiftIs() throws Exception {
        // Window [0, 1000): 5 OOD of 100, the rate the 95% threshold expects.
        for (int i = 0; i < 100; i++) {
            harness.processElement(
                    ScoredEvent.of(
                            score("cam", i, i < 5, i % 2 == 0 ? "Bag" : "Coat", -1 - i / 100.0)),
                    i);
        }
        // Window [1000, 2000): 29 OOD of 100.
        for (int i = 0; i < 100; i++) {
            harness.processElement(
                    ScoredEvent.of(score("cam", 1000 + i, i < 29, "Bag", -2)), 1000 + i);
        }
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
        harness.processWatermark(new Watermark(999));
        harness.processWatermark(new Watermark(1999));

        List<OodRateWindow> windows = harness.extractOutputValues();
        assertThat(windows).hasSize(2);
        OodRateWindow quiet = windows.get(0);
        assertThat(quiet.windowStart()).isZero();
        assertThat(quiet.windowEnd()).isEqualTo(1000);
        assertThat(quiet.eventCount()).isEqualTo(100);
        assertThat(quiet.oodCount()).isEqualTo(5);
        assertThat(quiet.oodRate()).isEqualTo(0.05);
        assertThat(quiet.pValue()).isCloseTo(0.5640186993142863, within(1e-9));
        assertThat(quiet.flagged()).isFalse();
        assertThat(quiet.classCounts()).containsEntry("Bag", 50L).containsEntry("Coat", 50L);
        // The sketch reads the median as the score of rank 50, within its relative error.
        assertThat(quiet.scoreQuantiles().get("p50"))
                .isCloseTo(
                        -1.495,
                        within(
                                0.005
                                        + 1.5
                                                * org.oodmonitor.job.operators.window.ScoreSketch
                                                        .RELATIVE_ERROR));
        assertThat(quiet.scoreMean()).isCloseTo(-1.495, within(1e-6));

        OodRateWindow shift = windows.get(1);
        assertThat(shift.oodCount()).isEqualTo(29);
        assertThat(shift.flagged()).isTrue();
        assertThat(shift.flagReason())
                .startsWith("OOD rate 0.290 > expected 0.050 (binomial p=6.9e-15");

        assertThat(harness.numKeyedStateEntries()).as("state cleaned up").isZero();
        assertThat(harness.numEventTimeTimers()).as("timers cleaned up").isZero();
        assertThat(harness.getOutput()).contains(new Watermark(999), new Watermark(1999));
    }

    @Test
    void shadowVerdictsAreCountedPerShadowVersionAndTheirStateCleanedUp() throws Exception {
        // Live OOD, shadow OOD, as (live, shadow): (T,T) x3, (T,F) x1, (F,T) x2, (F,F) x4.
        boolean[][] verdicts = {
            {true, true}, {true, true}, {true, true}, {true, false}, {false, true},
            {false, true}, {false, false}, {false, false}, {false, false}, {false, false}
        };
        for (int i = 0; i < verdicts.length; i++) {
            harness.processElement(
                    new ScoredEvent(
                            score("cam", i, verdicts[i][0], "Bag", -1),
                            new ShadowVerdict("2.0.0", "a".repeat(64), verdicts[i][1]),
                            null,
                            null),
                    i);
        }
        harness.processElement(ScoredEvent.of(score("cam", 50, false, "Bag", -1)), 50);
        harness.processWatermark(new Watermark(999));

        OodRateWindow window = harness.extractOutputValues().get(0);
        assertThat(window.eventCount()).isEqualTo(11);
        assertThat(window.shadowAgreement())
                .containsExactly(new ShadowAgreement("2.0.0", "a".repeat(64), 10, 3, 1, 2));
        assertThat(harness.numKeyedStateEntries()).as("state cleaned up").isZero();
    }

    @Test
    void lateEventsGoToTheSideOutputAndAreCountedInTheNextWindow() throws Exception {
        harness.processElement(ScoredEvent.of(score("cam", 10, false, "Bag", -1)), 10);
        harness.processWatermark(new Watermark(1500));
        harness.processElement(ScoredEvent.of(score("cam", 20, true, "Bag", -9)), 20);
        harness.processElement(ScoredEvent.of(score("cam", 1600, false, "Bag", -1)), 1600);
        harness.processWatermark(new Watermark(2999));

        List<OodRateWindow> windows = harness.extractOutputValues();
        assertThat(windows).extracting(OodRateWindow::eventCount).containsExactly(1L, 1L);
        assertThat(windows).extracting(OodRateWindow::lateEventCount).containsExactly(0L, 1L);
        assertThat(harness.getSideOutput(SideOutputs.LATE_SCORES)).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    /**
     * #19 B4: 20,000 late events from as many sources left 970 KB of late counters behind for ever.
     * Fails when a late count without an open window gets no cleanup timer.
     */
    @Test
    void lateCountsOfKeysWithoutAnOpenWindowLeaveNothingBehind() throws Exception {
        harness.processWatermark(new Watermark(1500));
        for (int i = 0; i < 100; i++) {
            harness.processElement(ScoredEvent.of(score("gone-" + i, 20, false, "Bag", -1)), 20);
        }
        assertThat(harness.getSideOutput(SideOutputs.LATE_SCORES)).hasSize(100);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(100);

        harness.processWatermark(new Watermark(1999));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).as("late counters dropped").isZero();
        assertThat(harness.numEventTimeTimers()).as("cleanup timers fired").isZero();
    }

    /**
     * #19 B5: new source names in every window made a gauge each, never removed. Fails when every
     * source gets its own gauge.
     */
    @Test
    void gaugesAreCappedAndLaterSourcesShareTheOtherGauge() throws Exception {
        for (int w = 0; w < 12; w++) {
            for (int s = 0; s < 5; s++) {
                long time = w * SIZE + s;
                harness.processElement(
                        ScoredEvent.of(score("w" + w + "-s" + s, time, false, "Bag", -1)), time);
            }
            harness.processWatermark(new Watermark(w * SIZE + SIZE - 1));
        }
        assertThat(harness.extractOutputValues()).hasSize(60);
        assertThat(function.gauges()).isEqualTo(GAUGES + 1);
    }

    @Test
    void keysAreWindowedSeparately() throws Exception {
        harness.processElement(ScoredEvent.of(score("a", 1, true, "Bag", -9)), 1);
        harness.processElement(ScoredEvent.of(score("b", 2, false, "Bag", -1)), 2);
        harness.processWatermark(new Watermark(999));
        assertThat(harness.extractOutputValues())
                .extracting(OodRateWindow::source)
                .containsExactlyInAnyOrder("a", "b");
    }

    static OodScore score(String source, long time, boolean ood, String label, double score) {
        return score(source, time, ood, 0, label, score, "f".repeat(64));
    }

    /** A score record of model fashion 1.0.0 with the given verdict, class and manifest. */
    static OodScore score(
            String source,
            long time,
            boolean ood,
            int predicted,
            String label,
            double score,
            String checksum) {
        return new OodScore(
                OodScore.VERSION,
                "e" + time,
                source,
                time,
                "fashion",
                "1.0.0",
                checksum,
                predicted,
                label,
                -score,
                score,
                -5,
                ood,
                null,
                time,
                null,
                null,
                null,
                null,
                null);
    }
}
