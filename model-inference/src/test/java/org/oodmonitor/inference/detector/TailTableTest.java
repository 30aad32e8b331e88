package org.oodmonitor.inference.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tail probabilities and pixel statistics against values computed by hand. */
class TailTableTest {

    /** The reference values 1, 2, ..., 100. */
    private static double[] oneToHundred() {
        double[] v = new double[100];
        for (int i = 0; i < v.length; i++) {
            v[i] = i + 1;
        }
        return v;
    }

    @Test
    void lowerTailCountsTheReferencesAtOrBelow() {
        TailTable t = TailTable.of(TailTable.LOWER, oneToHundred());
        assertThat(t.count()).isEqualTo(100);
        assertThat(t.quantiles()).hasSize(100).startsWith(1.0).endsWith(100.0);
        assertThat(t.tail(1)).isCloseTo(2 / 101.0, within(1e-12));
        assertThat(t.tail(50)).isCloseTo(51 / 101.0, within(1e-12));
        assertThat(t.tail(100)).isCloseTo(1.0, within(1e-12));
        // Below every reference: (0 + 1) / 101, then falling with the distance.
        assertThat(t.tail(0.99)).isLessThan(1 / 101.0).isGreaterThan(0);
        assertThat(t.tail(-100)).isLessThan(t.tail(0));
    }

    @Test
    void twoSidedTailIsTwiceTheSmallerSide() {
        TailTable t = TailTable.of(TailTable.TWO_SIDED, oneToHundred());
        assertThat(t.tail(100)).isCloseTo(2 * 2 / 101.0, within(1e-12));
        assertThat(t.tail(1)).isCloseTo(2 * 2 / 101.0, within(1e-12));
        assertThat(t.tail(50.5)).isEqualTo(1.0);
        assertThat(t.tail(1000)).isLessThan(t.tail(101));
    }

    @Test
    void largeReferencesKeepAtMostAThousandAndOneQuantilesWithTheExtremes() {
        double[] v = new double[5000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i * 7919) % 5000; // 0..4999 shuffled
        }
        TailTable t = TailTable.of(TailTable.UPPER, v);
        assertThat(t.quantiles()).hasSize(1001).startsWith(0.0).endsWith(4999.0);
        assertThat(t.tail(4999)).isCloseTo(2 / 5001.0, within(1e-12));
        assertThat(t.tail(2499.5)).isCloseTo(0.5, within(1e-3));
    }

    @Test
    void badTablesAreRefused() {
        assertThatThrownBy(() -> new TailTable("middle", 1, 0, List.of(1.0)))
                .hasMessageContaining("middle");
        assertThatThrownBy(() -> new TailTable(TailTable.LOWER, 1, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pixelStatisticsOfATinyImage() {
        // 2x3 image: 0 10 20 / 30 40 250
        byte[] gray = {0, 10, 20, 30, 40, (byte) 250};
        double[] s = InputStatistics.of(gray, 0, 2, 3);
        // Horizontal |10|+|10|+|10|+|210|, vertical |30|+|30|+|230|, over 7 pairs.
        assertThat(s[0]).isCloseTo((10 + 10 + 10 + 210 + 30 + 30 + 230) / 7.0, within(1e-12));
        assertThat(s[1]).isCloseTo(2 / 6.0, within(1e-12)); // 0 and 10 are below 13
        assertThat(s[2]).isCloseTo(350 / 6.0, within(1e-12));
        double mean = 350 / 6.0;
        double var = (0 + 100 + 400 + 900 + 1600 + 62500) / 6.0 - mean * mean;
        assertThat(s[3]).isCloseTo(Math.sqrt(var), within(1e-9));
    }
}
