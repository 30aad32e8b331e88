package org.oodmonitor.inference.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The reference layers on cases small enough to work out by hand. */
class LayersTest {

    @Test
    void convolutionPadsWithZerosAndReadsTheKernelInPyTorchLayout() {
        double[] image = {1, 2, 3, 4}; // 2x2, one channel
        float[] rightNeighbour = new float[9];
        rightNeighbour[1 * 3 + 2] = 1; // dy = 0, dx = +1
        assertThat(Layers.conv3x3(image, 1, 2, 2, rightNeighbour, new float[] {0}))
                .containsExactly(2, 0, 4, 0);
        float[] ones = new float[18]; // two output channels: all ones, and centre only
        java.util.Arrays.fill(ones, 0, 9, 1f);
        ones[9 + 4] = 2;
        assertThat(Layers.conv3x3(image, 1, 2, 2, ones, new float[] {0.5f, -1}))
                .containsExactly(10.5, 10.5, 10.5, 10.5, 1, 3, 5, 7);
    }

    @Test
    void maxPoolingTakesTheLargestOfEachTwoByTwoBlock() {
        double[] image = {
            1, 5, 0, 0,
            2, 3, 0, -1,
            9, 0, 7, 7,
            0, 0, 7, 8
        };
        assertThat(Layers.maxPool2x2(image, 1, 4, 4)).containsExactly(5, 0, 9, 8);
    }

    @Test
    void denseLayerMultipliesRowMajorWeightsAndAddsTheBias() {
        // rows (1, 0) and (2, 3): outputs 1*1 + 0*2 + 1 and 2*1 + 3*2 - 1
        double[] out =
                Layers.dense(new double[] {1, 2}, new float[] {1, 0, 2, 3}, new float[] {1, -1});
        assertThat(out).containsExactly(2, 7);
        assertThat(Layers.relu(new double[] {-1, 0, 2})).containsExactly(0, 0, 2);
    }

    @Test
    void isoMaxPlusLogitsAreScaledDistancesOfNormalisedVectors() {
        // f = (3, 4) normalises to (0.6, 0.8), as does prototype (6, 8): distance 0. Prototype
        // (0, 1): difference (0.6, -0.2), distance sqrt(0.4). The scale's sign does not matter.
        double[] logits = Layers.isoMaxPlus(new double[] {3, 4}, new float[] {6, 8, 0, 1}, -2f);
        assertThat(logits[0]).isCloseTo(0, within(1e-12));
        assertThat(logits[1]).isCloseTo(-2 * Math.sqrt(0.4), within(1e-7));
    }
}
