package org.oodmonitor.job.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.ShiftAlert;

/** The sequential detector over windows: its alert, its reset, its state cleanup, by hand. */
class ShiftDetectorFunctionTest {

    static final long SIZE = 1000;

    /** e^h - h - 1 = 2 x 200,000 KL(0.05 || 0.1). */
    private static final double THRESHOLD = 8.808729207982914;

    @Test
    void aRaisedRateAlertsWithItsChangePointAndThenStartsAfresh() throws Exception {
        // p0 0.05, p1 0.10, h = 8.81 for 200,000 events. A window of 100 with 5 OOD adds -1.671
        // (stays 0); with 15 OOD it adds 5.801: over h after the second such window (11.603).
        var harness = harness();
        harness.processElement(window(0, 100, 5), 999);
        harness.processElement(window(1, 100, 15), 1999);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processElement(window(2, 100, 15), 2999);
        List<ShiftAlert> alerts = harness.extractOutputValues();
        assertThat(alerts).hasSize(1);
        ShiftAlert alert = alerts.get(0);
        assertThat(alert.source()).isEqualTo("cam");
        assertThat(alert.detectedAt()).isEqualTo(3000);
        assertThat(alert.changePoint()).isEqualTo(1000);
        assertThat(alert.statistic()).isEqualTo(ShiftAlert.OOD_RATE);
        assertThat(alert.evidence()).isCloseTo(11.602987800851489, within(1e-9));
        assertThat(alert.threshold()).isCloseTo(THRESHOLD, within(1e-9));
        assertThat(alert.expectedRate()).isEqualTo(0.05);
        assertThat(alert.alternativeRate()).isCloseTo(0.10, within(1e-12));
        assertThat(alert.observedRate()).isCloseTo(0.15, within(1e-12));
        assertThat(alert.eventsSinceChange()).isEqualTo(200);
        assertThat(alert.windowsSinceChange()).isEqualTo(2);

        // Afresh: one more raised window is not enough on its own.
        harness.processElement(window(3, 100, 15), 3999);
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        harness.processWatermark(new Watermark(3999 + ShiftDetectorFunction.IDLE_WINDOWS * SIZE));
        assertThat(harness.numKeyedStateEntries()).as("state of an idle key").isZero();
        assertThat(harness.numEventTimeTimers()).as("timers").isZero();
        harness.close();
    }

    @Test
    void aLongGapStartsTheEvidenceAfreshAsAReplayWould() throws Exception {
        var harness = harness();
        harness.processElement(window(1, 100, 15), 1999);
        // Twelve window lengths later: without the fresh start, 5.801 + 5.801 > h would alert.
        int later = 1 + 1 + ShiftDetectorFunction.IDLE_WINDOWS + 1;
        harness.processElement(window(later, 100, 15), later * SIZE + 999);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numEventTimeTimers()).as("one idle timer per key").isEqualTo(1);
        harness.close();
    }

    @Test
    void anInDistributionRateNeverBuildsEvidence() throws Exception {
        var harness = harness();
        for (int w = 0; w < 200; w++) {
            harness.processElement(window(w, 100, 5), w * SIZE + 999);
        }
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.close();
    }

    @Test
    void settingsTheCusumRefusesAreRefused() {
        assertThatThrownBy(() -> new ShiftDetectorFunction(SIZE, 0.05, 1.0, 1000))
                .hasMessageContaining("ratio=1.0");
        assertThatThrownBy(() -> new ShiftDetectorFunction(0, 0.05, 2, 1000))
                .hasMessageContaining("window size");
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, OodRateWindow, ShiftAlert>
            harness() throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new ShiftDetectorFunction(SIZE, 0.05, 2, 200_000)),
                        ShiftDetectorFunction::keyOf,
                        Types.STRING);
        harness.open();
        return harness;
    }

    static OodRateWindow window(int index, long events, long ood) {
        return new OodRateWindow(
                OodRateWindow.VERSION,
                "cam",
                "fashion",
                "1.0.0",
                null,
                index * SIZE,
                (index + 1) * SIZE,
                events,
                ood,
                (double) ood / events,
                -1.0,
                Map.of(),
                Map.of(),
                0,
                0.05,
                0.5,
                false,
                null,
                null,
                null);
    }
}
