package org.oodmonitor.training.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.oodmonitor.inference.model.Calibration;
import org.oodmonitor.inference.scoring.ScoreKind;
import org.oodmonitor.training.eval.ScoredSet;

/** Global and per-class thresholds on hand-made validation scores. */
class CalibratorTest {

    @Test
    void thresholdsKeepTheRequestedRateGloballyAndPerClass() {
        // Class 0 scores -1..-10, class 1 scores -11..-20; class 2 never predicted.
        int n = 20;
        int[] predicted = new int[n];
        double[][] scores = new double[ScoreKind.values().length][n];
        for (int i = 0; i < n; i++) {
            predicted[i] = i < 10 ? 0 : 1;
            scores[ScoreKind.MDS.ordinal()][i] = -(i + 1);
        }
        ScoredSet validation = new ScoredSet("v", predicted, null, scores, null, null);

        Calibration c = Calibrator.calibrate(validation, 0.9, true, 3, "test");

        // 90% of 20 = 18 kept: -1..-18, threshold -18.
        assertThat(c.threshold()).isEqualTo(-18.0);
        // 90% of each class of 10 = 9 kept: class 0 down to -9, class 1 down to -19.
        assertThat(c.perClassThresholds()).containsExactly(-9.0, -19.0, -18.0);
        assertThat(c.thresholdFor(1)).isEqualTo(-19.0);
        assertThat(c.validationCount()).isEqualTo(20);
        assertThat(Calibrator.calibrate(validation, 0.9, false, 3, "t").thresholdFor(1))
                .isEqualTo(-18.0);
    }
}
