package org.oodmonitor.inference.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The three scores against hand-computed values. */
class OodScoreTest {

    private static final float[] LOGITS = {-3f, -1f, -2f};

    @Test
    void minimumDistanceScoreIsTheLargestLogit() {
        assertThat(ScoreKind.MDS.of(LOGITS)).isEqualTo(-1.0);
        assertThat(ScoreKind.argMax(LOGITS)).isEqualTo(1);
    }

    @Test
    void mspAndEntropicUseTheUnscaledSoftmax() {
        double z = Math.exp(-3) + Math.exp(-1) + Math.exp(-2);
        double[] p = {Math.exp(-3) / z, Math.exp(-1) / z, Math.exp(-2) / z};
        assertThat(ScoreKind.MSP.of(LOGITS)).isCloseTo(p[1], within(1e-9));
        double negativeEntropy = 0;
        for (double v : p) {
            negativeEntropy += v * Math.log(v);
        }
        assertThat(ScoreKind.ENTROPIC.of(LOGITS)).isCloseTo(negativeEntropy, within(1e-9));
        assertThat(ScoreKind.ENTROPIC.of(new float[] {0, 0}))
                .isCloseTo(-Math.log(2), within(1e-12));
    }
}
