package org.oodmonitor.inference.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.oodmonitor.inference.detector.TailTable;

/** The reference decision rule on cases worked out by hand. */
class ReferenceVerdictsTest {

    private static final TailTable TEN =
            new TailTable(
                    TailTable.TWO_SIDED,
                    10,
                    2.0,
                    List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0));

    @Test
    void tailCountsReferencesAtOrBeyondThePlusOne() {
        TailTable lower = new TailTable(TailTable.LOWER, 10, 2.0, TEN.quantiles());
        TailTable upper = new TailTable(TailTable.UPPER, 10, 2.0, TEN.quantiles());
        // five references (0..4) at or below 4; six (4..9) at or above it
        assertThat(ReferenceVerdicts.tail(lower, 4)).isEqualTo(6 / 11.0);
        assertThat(ReferenceVerdicts.tail(upper, 4)).isEqualTo(7 / 11.0);
        // one reference at or below 0: two-sided is twice the lower tail
        assertThat(ReferenceVerdicts.tail(TEN, 0)).isEqualTo(4 / 11.0);
        assertThat(ReferenceVerdicts.tail(TEN, 4.5)).isEqualTo(1.0);
        // beyond the smallest reference: 1/11 falling with the distance in units of the scale
        assertThat(ReferenceVerdicts.tail(lower, -1)).isCloseTo(Math.exp(-0.5) / 11, within(1e-15));
    }

    @Test
    void tailInterpolatesTheCountBetweenStoredQuantiles() {
        // 101 references 0..100 stored as three quantiles (ranks 0, 50, 100): at 25 the count
        // at or below is 1 + half of the 49 references strictly between 0 and 50.
        TailTable sparse = new TailTable(TailTable.LOWER, 101, 29.3, List.of(0.0, 50.0, 100.0));
        assertThat(ReferenceVerdicts.tail(sparse, 25)).isEqualTo((1 + 24.5 + 1) / 102.0);
    }

    @Test
    void entropicScoreIsMinusTheEntropy() {
        assertThat(ReferenceVerdicts.entropic(new double[] {-1, -1, -1, -1}))
                .isCloseTo(-Math.log(4), within(1e-12));
        // softmax of (ln 3, 0) is (3/4, 1/4)
        assertThat(ReferenceVerdicts.entropic(new double[] {Math.log(3), 0}))
                .isCloseTo(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25), within(1e-12));
    }

    @Test
    void pixelStatisticsOfATinyCheckerboard() {
        byte[] checker = {0, (byte) 255, (byte) 255, 0};
        assertThat(ReferenceVerdicts.pixelStatistic("total_variation", checker, 2)).isEqualTo(255);
        assertThat(ReferenceVerdicts.pixelStatistic("dark_fraction", checker, 2)).isEqualTo(0.5);
        assertThat(ReferenceVerdicts.pixelStatistic("pixel_mean", checker, 2)).isEqualTo(127.5);
        assertThat(ReferenceVerdicts.pixelStatistic("pixel_std", checker, 2)).isEqualTo(127.5);
        byte[] ramp = {0, 10, 20, 30, 40, 50}; // 2 rows of 3: 4 horizontal steps of 10, 3 of 30
        assertThat(ReferenceVerdicts.pixelStatistic("total_variation", ramp, 3))
                .isEqualTo((4 * 10 + 3 * 30) / 7.0);
        assertThat(ReferenceVerdicts.pixelStatistic("dark_fraction", ramp, 3)).isEqualTo(2 / 6.0);
    }
}
