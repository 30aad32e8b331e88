package org.oodmonitor.inference.shift;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Holm's step-down correction: which of several tests of one window may fire so that the chance
 * that any fires without a shift stays at most {@code alpha}, however many tests there are. It
 * flags a window exactly when Bonferroni would (smallest p-value at most alpha / m), and may then
 * name more of the tests that fired.
 */
public final class HolmCorrection {

    private HolmCorrection() {}

    /**
     * Whether each test fired, in the order given.
     *
     * @throws IllegalArgumentException for alpha outside (0, 1)
     */
    public static boolean[] fired(List<ShiftTestResult> tests, double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
        }
        int m = tests.size();
        Integer[] order = new Integer[m];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> tests.get(i).pValue()));
        boolean[] fired = new boolean[m];
        for (int j = 0; j < m; j++) {
            if (tests.get(order[j]).pValue() > alpha / (m - j)) {
                break;
            }
            fired[order[j]] = true;
        }
        return fired;
    }
}
