package org.oodmonitor.inference.shift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Holm's correction by hand and its family-wise false-flag rate by simulation. */
class HolmCorrectionTest {

    @Test
    void stepsDownUntilTheFirstTestThatDoesNotFire() {
        // alpha / 3 = 0.000333: the first fires; then alpha / 2 = 0.0005: the second too
        // (Bonferroni would not fire it); then alpha / 1 = 0.001: the third does not.
        List<ShiftTestResult> tests =
                List.of(result("c", 0.02), result("a", 0.0001), result("b", 0.0004));
        assertThat(HolmCorrection.fired(tests, 0.001)).containsExactly(false, true, true);
        assertThat(HolmCorrection.fired(List.of(result("a", 0.0004), result("b", 0.0004)), 0.001))
                .containsExactly(true, true);
        assertThat(HolmCorrection.fired(List.of(result("a", 0.0006), result("b", 0.9)), 0.001))
                .containsExactly(false, false);
    }

    @Test
    void addingTestsDoesNotAddFalseFlags() {
        Random random = new Random(3);
        double alpha = 0.01;
        int trials = 100_000;
        for (int m : new int[] {1, 3, 7}) {
            int flagged = 0;
            for (int t = 0; t < trials; t++) {
                List<ShiftTestResult> tests = new ArrayList<>();
                for (int i = 0; i < m; i++) {
                    tests.add(result("t" + i, random.nextDouble()));
                }
                boolean any = false;
                for (boolean f : HolmCorrection.fired(tests, alpha)) {
                    any |= f;
                }
                if (any) {
                    flagged++;
                }
            }
            assertThat((double) flagged / trials).as("%d tests", m).isBetween(0.008, 0.0105);
        }
    }

    private static ShiftTestResult result(String name, double p) {
        return new ShiftTestResult(name, 0, 1, p);
    }
}
