package org.oodmonitor.job.operators;

/** One-sided binomial test: how surprising {@code k} or more OOD events are among {@code n}. */
public final class BinomialTest {

    private BinomialTest() {}

    /**
     * {@code P(X >= k)} for {@code X ~ Binomial(n, p)}, summed in log space so that large windows
     * neither overflow nor underflow.
     *
     * @throws IllegalArgumentException for k or n out of range or p outside [0, 1]
     */
    public static double upperTail(long k, long n, double p) {
        if (n < 0 || k < 0 || k > n || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(
                    "need 0 <= k <= n and 0 <= p <= 1, got k=" + k + " n=" + n + " p=" + p);
        }
        if (k == 0) {
            return 1.0;
        }
        if (p == 0) {
            return 0.0;
        }
        if (p == 1) {
            return 1.0;
        }
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        // log C(n, k) by summing logs; O(n) per window, which is cheap beside scoring.
        double logChoose = 0;
        for (long i = 1; i <= k; i++) {
            logChoose += Math.log(n - k + i) - Math.log(i);
        }
        double logTerm = logChoose + k * logP + (n - k) * logQ;
        double max = logTerm;
        double sum = 1.0; // terms relative to the first one
        double current = logTerm;
        for (long j = k + 1; j <= n; j++) {
            current += Math.log(n - j + 1) - Math.log(j) + logP - logQ;
            sum += Math.exp(current - max);
        }
        return Math.min(1.0, Math.exp(max + Math.log(sum)));
    }
}
