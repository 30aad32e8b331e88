package org.oodmonitor.inference.shift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The OOD-rate CUSUM by hand, and its false-alarm run length and delay by seeded simulation. */
class OodRateCusumTest {

    @Test
    void oneWindowByHand() {
        OodRateCusum cusum = new OodRateCusum(0.05, 2, 1_000_000);
        // 10 ln(0.1 / 0.05) + 90 ln(0.9 / 0.95)
        assertThat(cusum.next(0, 100, 10)).isCloseTo(2.0654218912746396, within(1e-12));
        assertThat(cusum.next(1, 100, 0)).isZero();
        assertThat(cusum.threshold()).isCloseTo(Math.log(1_000_000), within(1e-12));
        assertThat(cusum.alarms(13.8)).isFalse();
        assertThat(cusum.alarms(13.9)).isTrue();
    }

    @Test
    void meanRunLengthToAFalseAlarmIsAtLeastTheConfiguredOne() {
        long configured = 2_000;
        OodRateCusum cusum = new OodRateCusum(0.05, 2, configured);
        Random random = new Random(17);
        int alarms = 200;
        long events = 0;
        for (int a = 0; a < alarms; a++) {
            events += runLength(cusum, random, 0.05, 50);
        }
        double mean = (double) events / alarms;
        assertThat(mean).isGreaterThanOrEqualTo(configured);
    }

    @Test
    void aDoubledRateIsFoundWithinAFewHundredEvents() {
        OodRateCusum cusum = new OodRateCusum(0.05, 2, 2_000);
        Random random = new Random(23);
        long events = 0;
        int runs = 200;
        for (int r = 0; r < runs; r++) {
            events += runLength(cusum, random, 0.10, 50);
        }
        assertThat((double) events / runs).isLessThan(1_000);
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new OodRateCusum(0, 2, 100)).hasMessageContaining("p0=0");
        assertThatThrownBy(() -> new OodRateCusum(0.05, 1, 100)).hasMessageContaining("ratio=1");
        assertThatThrownBy(() -> new OodRateCusum(0.6, 2, 100)).hasMessageContaining("p0=0.6");
        assertThatThrownBy(() -> new OodRateCusum(0.05, 2, 1)).hasMessageContaining("events=1");
    }

    /** Events until the CUSUM alarms on windows of {@code size} events, each OOD with {@code p}. */
    private static long runLength(OodRateCusum cusum, Random random, double p, int size) {
        double s = 0;
        long events = 0;
        while (true) {
            long ood = 0;
            for (int i = 0; i < size; i++) {
                if (random.nextDouble() < p) {
                    ood++;
                }
            }
            events += size;
            s = cusum.next(s, size, ood);
            if (cusum.alarms(s)) {
                return events;
            }
        }
    }
}
