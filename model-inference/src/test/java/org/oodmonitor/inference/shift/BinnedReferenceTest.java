package org.oodmonitor.inference.shift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Cut points at the reference's quantiles, exact counts, ties and bins of new values. */
class BinnedReferenceTest {

    @Test
    void oneToHundredInTenBins() {
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i;
        }
        BinnedReference ref = BinnedReference.of(values, 10);
        assertThat(ref.edges())
                .containsExactly(10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0);
        assertThat(ref.counts()).containsOnly(10L).hasSize(10);
        assertThat(ref.bin(-5)).isZero();
        assertThat(ref.bin(10)).isZero();
        assertThat(ref.bin(10.5)).isEqualTo(1);
        assertThat(ref.bin(90)).isEqualTo(8);
        assertThat(ref.bin(1e9)).isEqualTo(9);
        assertThat(ref.bin(Double.NaN)).isEqualTo(9);
    }

    @Test
    void tiesMergeBinsSoThatNoneIsEmpty() {
        // Half the values are 0 (a dark fraction of plain images, say).
        double[] values = new double[20];
        for (int i = 10; i < 20; i++) {
            values[i] = i;
        }
        BinnedReference ref = BinnedReference.of(values, 10);
        assertThat(ref.edges().get(0)).isEqualTo(0.0);
        assertThat(ref.counts().get(0)).isEqualTo(10L);
        assertThat(ref.counts().stream().mapToLong(Long::longValue).sum()).isEqualTo(20);
        assertThat(ref.counts()).allMatch(c -> c > 0);
        BinnedReference constant = BinnedReference.of(new double[] {3, 3, 3}, 10);
        assertThat(constant.bins()).isEqualTo(1);
    }

    @Test
    void invalidReferencesAreRefused() {
        assertThatThrownBy(() -> new BinnedReference(List.of(1.0), List.of(1L)))
                .hasMessageContaining("one count more");
        assertThatThrownBy(() -> new BinnedReference(List.of(2.0, 1.0), List.of(1L, 1L, 1L)))
                .hasMessageContaining("ascend");
        assertThatThrownBy(() -> new BinnedReference(List.of(1.0), List.of(1L, 0L)))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> BinnedReference.of(new double[] {1, Double.NaN}, 10))
                .hasMessageContaining("finite");
    }
}
