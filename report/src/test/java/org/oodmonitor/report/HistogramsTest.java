package org.oodmonitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The shared binning, against bins worked out by hand. */
class HistogramsTest {

    @Test
    void valuesFallInEqualBinsAndTheHighEndInTheLastOne() {
        // [0, 40]: bins of width 1; 0.99 in bin 0, 1.0 in bin 1, 39.5 and 40 in bin 39.
        assertThat(Histograms.width(0, 40)).isEqualTo(1.0);
        assertThat(Histograms.bin(0.99, 0, 40)).isZero();
        assertThat(Histograms.bin(1.0, 0, 40)).isEqualTo(1);
        assertThat(Histograms.bin(39.5, 0, 40)).isEqualTo(39);
        assertThat(Histograms.bin(40, 0, 40)).isEqualTo(39);
        long[] counts = Histograms.counts(new double[] {0, 0.5, 1, 20, 40}, 0, 40);
        assertThat(counts[0]).isEqualTo(2);
        assertThat(counts[1]).isEqualTo(1);
        assertThat(counts[20]).isEqualTo(1);
        assertThat(counts[39]).isEqualTo(1);
        assertThat(counts).hasSize(Histograms.BINS);
    }

    @Test
    void aRangeOfOneValuePutsEverythingInTheFirstBin() {
        assertThat(Histograms.width(-2, -2)).isEqualTo(1.0);
        assertThat(Histograms.counts(new double[] {-2, -2}, -2, -2)[0]).isEqualTo(2);
    }
}
