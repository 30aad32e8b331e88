package org.oodmonitor.job.operators;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.job.operators.window.ShiftCounts;
import org.oodmonitor.job.operators.window.WindowState;
import org.oodmonitor.schemas.OodRateWindow;

/**
 * Turns a closed window's state into its record, flagged when a one-sided binomial test finds its
 * OOD count too high for the rate expected at the calibrated threshold ({@code p_value <
 * falseAlarmProbability}), when its rate is above a fixed bound, if one is set, or when a shift
 * test fires.
 *
 * @param sizeMs the windows' size
 * @param maxOodRate a fixed rate bound that also flags a window, or null
 * @param windowAlpha the false-flag budget of a window's shift tests together
 */
@Internal
public record WindowFlags(
        long sizeMs,
        double expectedOodRate,
        double falseAlarmProbability,
        Double maxOodRate,
        double windowAlpha)
        implements Serializable {

    /**
     * The record of the window of {@code state} that starts at {@code start}.
     *
     * @param served the shift references of the served models, by manifest checksum
     * @param late late events counted in this window
     */
    public OodRateWindow record(
            WindowState state, long start, long late, Map<String, ShiftReferences.Served> served) {
        double rate = (double) state.oodCount / state.count;
        double pValue = BinomialTest.upperTail(state.oodCount, state.count, expectedOodRate);
        String reason = null;
        if (pValue < falseAlarmProbability) {
            reason =
                    String.format(
                            Locale.ROOT,
                            "OOD rate %.3f > expected %.3f (binomial p=%.2g < %s)",
                            rate,
                            expectedOodRate,
                            pValue,
                            falseAlarmProbability);
        } else if (maxOodRate != null && rate > maxOodRate) {
            reason = String.format(Locale.ROOT, "OOD rate %.3f > bound %s", rate, maxOodRate);
        }
        ShiftCounts counts = state.shift == null ? new ShiftCounts() : state.shift;
        String checksum = counts.checksum != null ? counts.checksum : state.modelChecksum;
        WindowShiftTests.Outcome shift =
                WindowShiftTests.run(
                        counts,
                        checksum == null ? null : served.get(checksum),
                        state.count,
                        windowAlpha);
        if (shift.fired()) {
            String fired = "shift: " + shift.describeFired();
            reason = reason == null ? fired : reason + "; " + fired;
        }
        return new OodRateWindow(
                OodRateWindow.VERSION,
                state.source,
                state.modelName,
                state.modelVersion,
                state.modelChecksum,
                start,
                start + sizeMs,
                state.count,
                state.oodCount,
                rate,
                state.mean(),
                state.quantiles(),
                state.sortedClassCounts(),
                late,
                expectedOodRate,
                pValue,
                reason != null,
                reason,
                shift.tests(),
                shift.skipped(),
                state.shadow == null ? null : state.shadow.agreements());
    }
}
