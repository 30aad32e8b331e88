package org.oodmonitor.job.operators;

import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.flink.annotation.Internal;

/** One-sided binomial test: how surprising {@code k} or more OOD events are among {@code n}. */
@Internal
public final class BinomialTest {

    private BinomialTest() {}

    /**
     * {@code P(X >= k)} for {@code X ~ Binomial(n, p)}: commons-statistics' one-sided binomial test
     * (accurate in the far tail, where windows with many OOD events land).
     *
     * @throws IllegalArgumentException for k or n out of range (n above {@code Integer.MAX_VALUE}
     *     included) or p outside [0, 1]
     */
    public static double upperTail(long k, long n, double p) {
        if (n < 0 || n > Integer.MAX_VALUE || k < 0 || k > n || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(
                    "need 0 <= k <= n <= 2^31-1 and 0 <= p <= 1, got k="
                            + k
                            + " n="
                            + n
                            + " p="
                            + p);
        }
        return org.apache.commons.statistics.inference.BinomialTest.withDefaults()
                .with(AlternativeHypothesis.GREATER_THAN)
                .test((int) n, (int) k, p)
                .getPValue();
    }
}
