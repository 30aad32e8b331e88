package org.oodmonitor.inference.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The demo's pooled vectors and image subsets, against values worked out by hand. */
class PooledFeaturesTest {

    @Test
    void eachValueIsTheMeanOfItsFourByFourBlockScaledToOne() {
        byte[] pixels = new byte[28 * 28];
        // Block (row 0, column 1): one pixel of 255, the rest 0: mean 255/16, scaled 1/16.
        pixels[0 * 28 + 4] = (byte) 255;
        // Block (row 6, column 6), the last: all 128: scaled 128/255.
        for (int y = 24; y < 28; y++) {
            for (int x = 24; x < 28; x++) {
                pixels[y * 28 + x] = (byte) 128;
            }
        }
        // Block (row 2, column 0): its top-left and bottom-right pixels 16 and 32: 48/16/255.
        pixels[8 * 28] = 16;
        pixels[11 * 28 + 3] = 32;

        float[] v = PooledFeatures.of(pixels);

        assertThat(v).hasSize(49);
        assertThat(v[1]).isCloseTo(1 / 16f, within(1e-7f));
        assertThat(v[48]).isCloseTo(128 / 255f, within(1e-7f));
        assertThat(v[14]).isCloseTo(48 / 16f / 255f, within(1e-7f));
        float others = 0;
        for (int i = 0; i < 49; i++) {
            if (i != 1 && i != 48 && i != 14) {
                others += v[i];
            }
        }
        assertThat(others).isZero();
    }

    @Test
    void selectAndHeadKeepPixelsAndLabelsInTheGivenOrder() {
        byte[] pixels = new byte[3 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }
        ImageSet set = new ImageSet("s", 2, 2, pixels, new int[] {7, 8, 9});

        ImageSet picked = set.select(new int[] {2, 0}, "picked");
        assertThat(picked.name()).isEqualTo("picked");
        assertThat(picked.count()).isEqualTo(2);
        assertThat(picked.pixels()).containsExactly(8, 9, 10, 11, 0, 1, 2, 3);
        assertThat(picked.labels()).containsExactly(9, 7);

        ImageSet first = set.head(2);
        assertThat(first.name()).isEqualTo("s");
        assertThat(first.pixels()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(first.labels()).containsExactly(7, 8);
        assertThat(set.head(10).count()).as("all when fewer").isEqualTo(3);

        ImageSet unlabelled = new ImageSet("u", 2, 2, pixels, null).select(new int[] {1}, "one");
        assertThat(unlabelled.labels()).isNull();
        assertThat(unlabelled.pixels()).containsExactly(4, 5, 6, 7);
    }

    @Test
    void indicesOfGivesTheImagesOfTheGivenClassesInOrder() {
        ImageSet set = new ImageSet("s", 1, 1, new byte[5], new int[] {5, 1, 9, 5, 2});
        assertThat(set.indicesOf(java.util.Set.of(5, 9))).containsExactly(0, 2, 3);
        assertThat(set.indicesOf(java.util.Set.of(4))).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                new ImageSet("u", 1, 1, new byte[1], null)
                                        .indicesOf(java.util.Set.of(1)))
                .hasMessage("u has no labels");
    }
}
