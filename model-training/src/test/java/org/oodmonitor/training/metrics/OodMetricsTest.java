package org.oodmonitor.training.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Metrics against values computed by hand on small inputs. */
class OodMetricsTest {

    // In-distribution scores high, OOD low, with one overlap (0.4 vs 0.5) and one tie (0.3).
    private static final double[] IN = {0.9, 0.8, 0.4, 0.3};
    private static final double[] OUT = {0.5, 0.3, 0.2};

    @Test
    void aurocCountsPairsWithTiesAsHalf() {
        // Pairs (in > out): 0.9: 3, 0.8: 3, 0.4: 2, 0.3: 1 + half a tie = 9.5 of 12.
        assertThat(OodMetrics.auroc(IN, OUT)).isCloseTo(9.5 / 12, within(1e-12));
        assertThat(OodMetrics.auroc(new double[] {1, 2}, new double[] {0})).isEqualTo(1.0);
    }

    @Test
    void averagePrecisionSumsPrecisionTimesRecallGained() {
        // Thresholds 0.9: P=1, R=1/4; 0.8: P=1, R=2/4; 0.4: 3 tp 1 fp (0.5), R=3/4;
        // 0.3: 4 tp 2 fp, R=1. AP = 1/4 + 1/4 + 3/4*1/4 + 4/6*1/4.
        double expected = 0.25 + 0.25 + 0.75 * 0.25 + (4.0 / 6) * 0.25;
        assertThat(OodMetrics.averagePrecision(IN, OUT)).isCloseTo(expected, within(1e-12));
        // AUPR-out: OOD positive, negated scores: -0.2 first (P=1, R=1/3), then -0.3 ties
        // with in 0.3: tp 2, fp 1 (P=2/3, R=2/3), then -0.5: tp 3 fp 2 (P=3/5, R=1).
        double out = 1.0 / 3 + (2.0 / 3) / 3 + (3.0 / 5) / 3;
        assertThat(OodMetrics.of(IN, OUT).auprOut()).isCloseTo(out, within(1e-12));
    }

    @Test
    void tnrAtTprAndDetectionAccuracy() {
        double[] in = new double[20];
        for (int i = 0; i < 20; i++) {
            in[i] = i + 1; // 1..20
        }
        double[] out = {0.5, 1.5, 2.5, 30};
        // 95% of 20 = 19 kept: threshold 2; OOD below 2: 0.5 and 1.5.
        assertThat(Thresholds.forTpr(in, 0.95)).isEqualTo(2.0);
        assertThat(OodMetrics.tnrAtTpr(in, out, 0.95)).isEqualTo(0.5);
        // Best threshold 3: TPR 18/20, TNR 3/4 -> 0.825.
        assertThat(OodMetrics.detectionAccuracy(in, out)).isCloseTo(0.825, within(1e-12));
    }

    @Test
    void emptyOrNaNInputsAreRejected() {
        assertThatThrownBy(() -> OodMetrics.of(new double[0], OUT))
                .hasMessage("no in-distribution scores");
        assertThatThrownBy(() -> OodMetrics.of(IN, new double[] {Double.NaN}))
                .hasMessage("OOD scores contain NaN");
        assertThatThrownBy(() -> Thresholds.forTpr(IN, 1.5))
                .hasMessage("TPR must be in (0, 1], was 1.5");
    }
}
