package org.oodmonitor.training.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** The IsoMax+ loss against its formula on known numbers. */
class IsoMaxPlusLossTest {

    @Test
    void lossIsTheMeanCrossEntropyOfTheEntropyScaledSoftmax() {
        float[][] logits = {{-1f, -2f, -3f}, {-0.5f, -0.1f, -0.3f}};
        int[] labels = {0, 2};
        try (NDManager manager = NDManager.newBaseManager()) {
            float loss =
                    new IsoMaxPlusLoss()
                            .evaluate(
                                    new NDList(manager.create(labels)),
                                    new NDList(manager.create(logits)))
                            .getFloat();

            assertThat((double) loss).isCloseTo(expected(logits, labels, 10), within(1e-5));
            // By hand: row 0 gives log(1 + e^-10 + e^-20) = 4.54e-5; row 1 gives
            // 3 - 1 + log(1 + e^-2 + e^-4) = 2.1429.
            assertThat((double) loss).isCloseTo((4.5399e-5 + 2.142931) / 2, within(1e-5));
        }
    }

    @Test
    void entropicScaleIsConfigurable() {
        float[][] logits = {{-1f, -1.5f}};
        int[] labels = {1};
        try (NDManager manager = NDManager.newBaseManager()) {
            float loss =
                    new IsoMaxPlusLoss("l", 1f)
                            .evaluate(
                                    new NDList(manager.create(labels)),
                                    new NDList(manager.create(logits)))
                            .getFloat();
            assertThat((double) loss).isCloseTo(expected(logits, labels, 1), within(1e-6));
        }
    }

    private static double expected(float[][] logits, int[] labels, double scale) {
        double total = 0;
        for (int n = 0; n < logits.length; n++) {
            double sum = 0;
            for (float v : logits[n]) {
                sum += Math.exp(scale * v);
            }
            total += -(scale * logits[n][labels[n]] - Math.log(sum));
        }
        return total / logits.length;
    }
}
