package org.oodmonitor.inference.shift;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.SignificanceResult;

/**
 * Pearson's chi-square test that a window's counts over some categories come from the same
 * distribution as the reference's counts: a two-sample test (a 2 x K table), so the reference's own
 * sampling noise is accounted for and large windows are not flagged for it.
 *
 * <p>Small samples: the chi-square approximation needs every expected count to be at least {@value
 * #MIN_EXPECTED} (Cochran's rule). Adjacent categories are pooled, in their order, until each
 * pooled category expects that many in the window and in the reference; the pooling depends only on
 * the reference and the window's size, never on the window's counts. With fewer than two pooled
 * categories the window is too small to test.
 */
public final class ChiSquareHomogeneity {

    /** The smallest expected count of a pooled category. */
    public static final double MIN_EXPECTED = 5.0;

    private ChiSquareHomogeneity() {}

    /**
     * The test of {@code window} against {@code reference}, category by category.
     *
     * @param name what is tested, for the result
     * @return empty when the window is too small to test
     * @throws IllegalArgumentException for arrays of different lengths or negative counts
     */
    public static Optional<ShiftTestResult> test(String name, long[] reference, long[] window) {
        if (reference.length != window.length) {
            throw new IllegalArgumentException(
                    name
                            + ": "
                            + reference.length
                            + " reference and "
                            + window.length
                            + " window"
                            + " categories");
        }
        long r = 0;
        long w = 0;
        for (int k = 0; k < reference.length; k++) {
            if (reference[k] < 0 || window[k] < 0) {
                throw new IllegalArgumentException(name + ": negative count");
            }
            r += reference[k];
            w += window[k];
        }
        if (r == 0 || w == 0) {
            return Optional.empty();
        }
        List<long[]> groups = pool(reference, window, r, w);
        if (groups.size() < 2) {
            return Optional.empty();
        }
        long[][] table = new long[2][groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            table[0][g] = groups.get(g)[0];
            table[1][g] = groups.get(g)[1];
        }
        // Pearson's test on the 2 x K table (reference, window), from commons-statistics.
        SignificanceResult result = ChiSquareTest.withDefaults().test(table);
        int df = groups.size() - 1;
        return Optional.of(
                new ShiftTestResult(name, result.getStatistic(), df, result.getPValue()));
    }

    /**
     * Pools adjacent categories until each expects {@link #MIN_EXPECTED} in both samples under the
     * reference's proportions; a short remainder joins the last group.
     */
    private static List<long[]> pool(long[] reference, long[] window, long r, long w) {
        List<long[]> groups = new ArrayList<>();
        long gr = 0;
        long gw = 0;
        for (int k = 0; k < reference.length; k++) {
            gr += reference[k];
            gw += window[k];
            if (expectsEnough(gr, r, w)) {
                groups.add(new long[] {gr, gw});
                gr = 0;
                gw = 0;
            }
        }
        if (gr > 0 || gw > 0) {
            if (groups.isEmpty()) {
                groups.add(new long[] {gr, gw});
            } else {
                long[] last = groups.get(groups.size() - 1);
                last[0] += gr;
                last[1] += gw;
            }
        }
        return groups;
    }

    private static boolean expectsEnough(long groupReference, long r, long w) {
        double share = (double) groupReference / r;
        return groupReference >= MIN_EXPECTED && share * w >= MIN_EXPECTED;
    }
}
