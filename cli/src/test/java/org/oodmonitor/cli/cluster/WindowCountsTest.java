package org.oodmonitor.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oodmonitor.schemas.OodRateWindow;

/** The cluster test's window oracle: a window emitted twice fails, however its counts add up. */
class WindowCountsTest {

    @Test
    void oneRecordPerWindowGivesItsCount() {
        assertThat(ClusterITCase.counts(List.of(window("a", 0, 7), window("a", 1000, 3))))
                .isEqualTo(Map.of("a@0", 7L, "a@1000", 3L));
    }

    @Test
    void aWindowSplitAcrossARestartFailsThoughItsPartsSumToTheCount() {
        assertThatThrownBy(
                        () -> ClusterITCase.counts(List.of(window("a", 0, 4), window("a", 0, 3))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("a@0 of model version 1 emitted twice");
    }

    @Test
    void aWindowOpenAtAModelUpgradeIsOnePerVersionAndCountsInFull() {
        assertThat(ClusterITCase.counts(List.of(window("a", 0, 4, "1"), window("a", 0, 3, "2"))))
                .isEqualTo(Map.of("a@0", 7L));
    }

    private static OodRateWindow window(String source, long start, long events) {
        return window(source, start, events, "1");
    }

    private static OodRateWindow window(String source, long start, long events, String version) {
        return new OodRateWindow(
                OodRateWindow.VERSION,
                source,
                "m",
                version,
                "sha",
                start,
                start + 1000,
                events,
                0,
                0.0,
                null,
                null,
                null,
                0,
                null,
                null,
                false,
                null,
                null,
                null);
    }
}
