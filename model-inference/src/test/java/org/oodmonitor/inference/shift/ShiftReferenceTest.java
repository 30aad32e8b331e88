package org.oodmonitor.inference.shift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a shift reference accepts, and what it says about itself. */
class ShiftReferenceTest {

    private static final BinnedReference BINS = new BinnedReference(List.of(0.0), List.of(1L, 1L));

    @Test
    void aValidReferenceKnowsWhetherItReadsPixels() {
        ShiftReference scores =
                new ShiftReference(
                        List.of(3L, 0L),
                        Map.of(ShiftReference.MDS, BINS, "entropic", BINS),
                        3,
                        "v");
        assertThat(scores.readsPixels()).isFalse();
        assertThat(scores.classCountArray()).containsExactly(3, 0);
        ShiftReference pixels =
                new ShiftReference(List.of(1L, 2L), Map.of("pixel_mean", BINS), 3, "v");
        assertThat(pixels.readsPixels()).isTrue();
    }

    @Test
    void classCountsMustBeCountsOfSomething() {
        Map<String, BinnedReference> stats = Map.of(ShiftReference.MDS, BINS);
        assertThatThrownBy(() -> new ShiftReference(List.of(), stats, 0, "v"))
                .hasMessageContaining("class counts");
        assertThatThrownBy(() -> new ShiftReference(List.of(1L, -1L), stats, 0, "v"))
                .hasMessageContaining("none negative");
        assertThatThrownBy(() -> new ShiftReference(List.of(0L, 0L), stats, 0, "v"))
                .hasMessageContaining("not all zero");
        assertThatThrownBy(() -> new ShiftReference(Arrays.asList(1L, null), stats, 1, "v"))
                .hasMessageContaining("class counts");
        assertThatThrownBy(() -> new ShiftReference(null, stats, 1, "v"))
                .hasMessageContaining("class counts");
    }

    @Test
    void statisticsMustBeThere() {
        assertThatThrownBy(() -> new ShiftReference(List.of(1L), Map.of(), 1, "v"))
                .hasMessageContaining("needs statistics");
        assertThatThrownBy(() -> new ShiftReference(List.of(1L), null, 1, "v"))
                .hasMessageContaining("needs statistics");
        java.util.Map<String, BinnedReference> withNull = new java.util.HashMap<>();
        withNull.put("mds", null);
        assertThatThrownBy(() -> new ShiftReference(List.of(1L), withNull, 1, "v"))
                .hasMessageContaining("no empty statistic");
    }
}
