package org.oodmonitor.inference.shift;

/**
 * A one-sided CUSUM of the OOD rate: the log-likelihood ratio of "the rate rose from {@code p0} to
 * {@code p1 = min(ratio * p0, (1 + p0) / 2)}" accumulated over windows, {@code S = max(0, S + k
 * ln(p1/p0) + (n - k) ln((1-p1)/(1-p0)))} for a window of {@code n} events with {@code k} OOD,
 * which alarms when {@code S} exceeds a threshold {@code h}.
 *
 * <p>False alarms: {@code h} solves Siegmund's approximation of the mean run length of the CUSUM
 * over single events, {@code (e^h - h - 1) / KL(p0 || p1) = MARGIN x expected run events}, with
 * {@code MARGIN} = 2: the approximation is close but not a bound, and the margin keeps the measured
 * run length above the configured one. The CUSUM over windows is never above the one over events at
 * a window's end (it resets less often), so its run length in events is at least as long. {@code
 * OodRateCusumTest} and {@code bench shift} check the run length by simulation.
 */
public final class OodRateCusum {

    /** How many times the configured run length the threshold is set for. */
    static final int MARGIN = 2;

    private final double p0;
    private final double p1;
    private final double up;
    private final double down;
    private final double threshold;

    /**
     * @param p0 the in-distribution OOD rate (1 - the calibrated TPR)
     * @param ratio how much higher a rate must be worth detecting: {@code p1 = ratio * p0}, but at
     *     most half way from {@code p0} to 1, so that a high expected rate still leaves room
     * @param expectedRunEvents the configured mean number of in-distribution events between false
     *     alarms
     * @throws IllegalArgumentException for p0 outside (0, 1), a ratio of at most 1 or fewer than 2
     *     expected run events
     */
    public OodRateCusum(double p0, double ratio, long expectedRunEvents) {
        if (!(p0 > 0 && p0 < 1) || !(ratio > 1) || expectedRunEvents < 2) {
            throw new IllegalArgumentException(
                    "a CUSUM needs 0 < p0 < 1, a ratio above 1 and at least 2 expected run events,"
                            + " got"
                            + " p0="
                            + p0
                            + " ratio="
                            + ratio
                            + " events="
                            + expectedRunEvents);
        }
        this.p0 = p0;
        this.p1 = Math.min(p0 * ratio, (1 + p0) / 2);
        this.up = Math.log(p1 / p0);
        this.down = Math.log((1 - p1) / (1 - p0));
        double kl = p0 * Math.log(p0 / p1) + (1 - p0) * Math.log((1 - p0) / (1 - p1));
        this.threshold = threshold((double) MARGIN * expectedRunEvents * kl);
    }

    /** The {@code h} with {@code e^h - h - 1 = target}, by bisection. */
    static double threshold(double target) {
        double lo = 0;
        double hi = 1;
        while (Math.exp(hi) - hi - 1 < target) {
            hi *= 2;
        }
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (Math.exp(mid) - mid - 1 < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** The CUSUM after a window of {@code events} with {@code ood} OOD, from {@code previous}. */
    public double next(double previous, long events, long ood) {
        return Math.max(0.0, previous + ood * up + (events - ood) * down);
    }

    /** Whether {@code value} is evidence enough to alarm. */
    public boolean alarms(double value) {
        return value > threshold;
    }

    public double threshold() {
        return threshold;
    }

    public double p0() {
        return p0;
    }

    public double p1() {
        return p1;
    }
}
