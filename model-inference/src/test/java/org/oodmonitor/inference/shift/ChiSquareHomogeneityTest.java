package org.oodmonitor.inference.shift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The two-sample chi-square test on hand-computed tables, its pooling and its false-flag rate. */
class ChiSquareHomogeneityTest {

    @Test
    void twoByTwoTableByHand() {
        // Expected counts 57.14/42.86 (reference) and 22.86/17.14 (window); the statistic is
        // 0.8929 + 1.1905 + 2.2321 + 2.9762 = 7.2917 with one degree of freedom.
        ShiftTestResult r =
                ChiSquareHomogeneity.test("x", new long[] {50, 50}, new long[] {30, 10})
                        .orElseThrow();
        assertThat(r.test()).isEqualTo("x");
        assertThat(r.statistic()).isCloseTo(7.291666666666667, within(1e-12));
        assertThat(r.degreesOfFreedom()).isEqualTo(1);
        // P(chi2(1) > x) = erfc(sqrt(x / 2))
        assertThat(r.pValue()).isCloseTo(0.0069275179772265, within(1e-12));
    }

    @Test
    void identicalProportionsGiveNoEvidence() {
        ShiftTestResult r =
                ChiSquareHomogeneity.test("x", new long[] {100, 200, 300}, new long[] {10, 20, 30})
                        .orElseThrow();
        assertThat(r.statistic()).isCloseTo(0, within(1e-12));
        assertThat(r.pValue()).isCloseTo(1, within(1e-12));
        assertThat(r.degreesOfFreedom()).isEqualTo(2);
    }

    @Test
    void sparseCategoriesArePooledWithTheirNeighbours() {
        // Window of 100: the middle categories expect 0.5 each, so they pool with the last one.
        long[] reference = {1000, 10, 10, 980};
        ShiftTestResult pooled =
                ChiSquareHomogeneity.test("x", reference, new long[] {50, 1, 0, 49}).orElseThrow();
        assertThat(pooled.degreesOfFreedom()).isEqualTo(1);
        ShiftTestResult byHand =
                ChiSquareHomogeneity.test("x", new long[] {1000, 1000}, new long[] {50, 50})
                        .orElseThrow();
        assertThat(pooled.statistic()).isEqualTo(byHand.statistic());
    }

    @Test
    void aCategoryExpectingExactlyFiveStandsAlone() {
        // Each of the two expects 5 in the window of 10 and has 5 in the reference.
        ShiftTestResult r =
                ChiSquareHomogeneity.test("x", new long[] {5, 5}, new long[] {5, 5}).orElseThrow();
        assertThat(r.degreesOfFreedom()).isEqualTo(1);
        // One reference count short of 5: pooled into one category, nothing to test.
        assertThat(ChiSquareHomogeneity.test("x", new long[] {4, 6}, new long[] {5, 5})).isEmpty();
    }

    @Test
    void aShortRemainderJoinsTheLastGroup() {
        // Window of 20: the last category expects 0.1 and joins the second.
        ShiftTestResult pooled =
                ChiSquareHomogeneity.test("x", new long[] {100, 100, 1}, new long[] {12, 5, 3})
                        .orElseThrow();
        ShiftTestResult byHand =
                ChiSquareHomogeneity.test("x", new long[] {100, 101}, new long[] {12, 8})
                        .orElseThrow();
        assertThat(pooled.degreesOfFreedom()).isEqualTo(1);
        assertThat(pooled.statistic()).isEqualTo(byHand.statistic());
        assertThat(pooled.pValue()).isEqualTo(byHand.pValue());
    }

    @Test
    void aWindowTooSmallForTwoCategoriesIsNotTested() {
        long[] reference = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10};
        assertThat(
                        ChiSquareHomogeneity.test(
                                "x", reference, new long[] {5, 0, 0, 0, 0, 0, 0, 0, 0, 0}))
                .isEmpty();
        assertThat(ChiSquareHomogeneity.test("x", reference, new long[10])).isEmpty();
    }

    @Test
    void badTablesAreRefused() {
        assertThatThrownBy(() -> ChiSquareHomogeneity.test("x", new long[2], new long[3]))
                .hasMessageContaining("2 reference and 3 window categories");
        assertThatThrownBy(
                        () -> ChiSquareHomogeneity.test("x", new long[] {1, -1}, new long[] {1, 1}))
                .hasMessageContaining("negative");
    }

    @Test
    void withoutAShiftItFiresAtMostAsOftenAsItsLevel() {
        // Reference and windows drawn from one distribution over ten bins: the share of windows
        // with p < 0.01 stays near 0.01 (seeded, 4,000 windows of 200).
        Random random = new Random(11);
        double[] probabilities = {0.3, 0.2, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.03, 0.02};
        long[] reference = sample(random, probabilities, 5000);
        int fired = 0;
        int windows = 4000;
        for (int i = 0; i < windows; i++) {
            long[] window = sample(random, probabilities, 200);
            if (ChiSquareHomogeneity.test("x", reference, window).orElseThrow().pValue() < 0.01) {
                fired++;
            }
        }
        assertThat((double) fired / windows).isBetween(0.002, 0.02);
    }

    @Test
    void aShiftedWindowIsFound() {
        Random random = new Random(5);
        long[] reference = sample(random, new double[] {0.5, 0.5}, 5000);
        long[] window = sample(random, new double[] {0.7, 0.3}, 500);
        assertThat(ChiSquareHomogeneity.test("x", reference, window).orElseThrow().pValue())
                .isLessThan(1e-6);
    }

    static long[] sample(Random random, double[] probabilities, int n) {
        long[] counts = new long[probabilities.length];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            int k = 0;
            while (k < probabilities.length - 1 && u >= probabilities[k]) {
                u -= probabilities[k];
                k++;
            }
            counts[k]++;
        }
        return counts;
    }
}
