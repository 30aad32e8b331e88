package org.oodmonitor.job.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Upper binomial tails against exact sums. */
class BinomialTestTest {

    @Test
    void upperTailMatchesExactSums() {
        assertThat(BinomialTest.upperTail(2, 3, 0.5)).isCloseTo(0.5, within(1e-12));
        assertThat(BinomialTest.upperTail(5, 20, 0.05))
                .isCloseTo(0.0025739403346522805, within(1e-12));
        assertThat(BinomialTest.upperTail(5, 100, 0.05))
                .isCloseTo(0.5640186993142863, within(1e-10));
        assertThat(BinomialTest.upperTail(29, 100, 0.05) / 6.9133355470117385e-15)
                .isCloseTo(1.0, within(1e-8));
        assertThat(BinomialTest.upperTail(0, 10, 0.3)).isEqualTo(1.0);
        assertThat(BinomialTest.upperTail(400, 10_000, 0.05)).isCloseTo(1.0, within(1e-6));
    }
}
