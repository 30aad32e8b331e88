package org.oodmonitor.inference.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The alert rule: the smallest weighted tail decides, and the parts that fired are named. */
class AlertDetectorTest {

    private static double[] range(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    private static AlertDetector detector(double threshold) {
        double[] entropic = new double[100];
        for (int i = 0; i < 100; i++) {
            entropic[i] = -2.3 + i * 0.001;
        }
        return new AlertDetector(
                "test",
                List.of(
                        new AlertComponent(
                                AlertComponent.ENTROPIC,
                                0.5,
                                TailTable.of(TailTable.LOWER, entropic)),
                        new AlertComponent(
                                "total_variation",
                                0.5,
                                TailTable.of(TailTable.TWO_SIDED, range(100)))),
                threshold,
                0.95,
                100,
                "test");
    }

    @Test
    void scoreIsTheSmallestTailDividedByItsWeight() {
        AlertDetector d = detector(0.05);
        // entropic -2.2505 sits mid-reference (tail 0.5); tv 50 is central (two-sided tail 1).
        double[] central = {50, 0, 0, 0};
        assertThat(d.score(-2.2505, central)).isGreaterThan(0.9);
        // tv 99: two-sided tail 2 * 2/101, weighted by 0.5.
        double[] busy = {99, 0, 0, 0};
        assertThat(d.score(-2.2505, busy)).isEqualTo(4 / 101.0 / 0.5);
        Alert alert = d.withThreshold(0.1, 0.95).alert(new float[] {-1, -5}, busy);
        assertThat(alert.fired()).containsExactly("total_variation");
        assertThat(alert.isOod()).isTrue();
    }

    @Test
    void weightsMustAddUpToOneAndPixelsMustBeGivenWhenRead() {
        AlertComponent half =
                new AlertComponent(
                        AlertComponent.ENTROPIC, 0.5, TailTable.of(TailTable.LOWER, range(3)));
        assertThatThrownBy(() -> new AlertDetector("x", List.of(half), 0, 0.95, 3, "t"))
                .hasMessageContaining("add up to 0.5");
        assertThatThrownBy(() -> detector(0.05).score(-2.25, null))
                .hasMessageContaining("needs the input's pixels");
        assertThatThrownBy(
                        () ->
                                new AlertComponent(
                                        "colour", 1, TailTable.of(TailTable.LOWER, range(3))))
                .hasMessageContaining("unknown alert component 'colour'");
    }
}
