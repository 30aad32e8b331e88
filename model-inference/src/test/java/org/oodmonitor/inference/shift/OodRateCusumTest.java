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
        // e^h - h - 1 = 2 x 1e6 x KL(0.05 || 0.1) = 33,411.2
        assertThat(cusum.threshold()).isCloseTo(10.417042031574283, within(1e-9));
        double h = cusum.threshold();
        assertThat(Math.exp(h) - h - 1)
                .isCloseTo(
                        2e6 * (0.05 * Math.log(0.5) + 0.95 * Math.log(0.95 / 0.9)), within(1e-6));
        assertThat(cusum.alarms(10.41)).isFalse();
        assertThat(cusum.alarms(10.42)).isTrue();
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
    void overSingleEventsTooTheRunLengthIsAtLeastTheConfiguredOne() {
        // The approximation the threshold comes from is about the CUSUM over single events.
        long configured = 20_000;
        OodRateCusum cusum = new OodRateCusum(0.05, 1.2, configured);
        Random random = new Random(29);
        int alarms = 100;
        long events = 0;
        for (int a = 0; a < alarms; a++) {
            events += runLength(cusum, random, 0.05, 1);
        }
        assertThat((double) events / alarms).isGreaterThanOrEqualTo(configured);
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
    void theThresholdSolvesItsEquationAndTheSmallestSettingsAreAccepted() {
        for (double h : new double[] {0.5, 2, 7.5, 20}) {
            assertThat(OodRateCusum.threshold(Math.exp(h) - h - 1)).isCloseTo(h, within(1e-9));
        }
        OodRateCusum edge = new OodRateCusum(1e-9, 1.000001, 2);
        assertThat(edge.p0()).isEqualTo(1e-9);
        assertThat(edge.p1()).isGreaterThan(edge.p0());
        assertThat(edge.threshold()).isPositive();
        // At the threshold exactly: no alarm; just above: alarm.
        assertThat(edge.alarms(edge.threshold())).isFalse();
        assertThat(edge.alarms(Math.nextUp(edge.threshold()))).isTrue();
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new OodRateCusum(0, 2, 100)).hasMessageContaining("p0=0");
        assertThatThrownBy(() -> new OodRateCusum(0.05, 1, 100)).hasMessageContaining("ratio=1");
        assertThatThrownBy(() -> new OodRateCusum(1, 2, 100)).hasMessageContaining("p0=1");
        // A high expected rate leaves the raised one half way to 1.
        assertThat(new OodRateCusum(0.6, 2, 100).p1()).isCloseTo(0.8, within(1e-12));
        assertThat(new OodRateCusum(0.05, 1.5, 100).p1()).isCloseTo(0.075, within(1e-12));
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
