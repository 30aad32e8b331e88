package org.oodmonitor.inference.shift;

/**
 * A one-sided CUSUM of the OOD rate: the log-likelihood ratio of "the rate rose from {@code p0} to
 * {@code p1}" accumulated over windows, {@code S = max(0, S + k ln(p1/p0) + (n - k)
 * ln((1-p1)/(1-p0)))} for a window of {@code n} events with {@code k} OOD, which alarms when {@code
 * S} exceeds {@code h = ln(expected run events)}.
 *
 * <p>False alarms: the CUSUM over single events is a sequence of Wald tests that each start at 0
 * and reach {@code h} with probability at most {@code e^-h} while the rate is at most {@code p0},
 * so its mean run length to a false alarm is at least {@code e^h} events; the CUSUM over windows is
 * never above the one over events at a window's end (it resets less often), so its run length is at
 * least as long. {@code OodRateCusumTest} checks this by simulation.
 */
public final class OodRateCusum {

    private final double p0;
    private final double p1;
    private final double up;
    private final double down;
    private final double threshold;

    /**
     * @param p0 the in-distribution OOD rate (1 - the calibrated TPR)
     * @param ratio how much higher a rate must be worth detecting, {@code p1 = ratio * p0}
     * @param expectedRunEvents the configured mean number of in-distribution events between false
     *     alarms
     * @throws IllegalArgumentException for p0 outside (0, 1), a ratio of at most 1, a p1 of 1 or
     *     more or fewer than 2 expected run events
     */
    public OodRateCusum(double p0, double ratio, long expectedRunEvents) {
        double rate1 = p0 * ratio;
        if (!(p0 > 0 && p0 < 1) || !(ratio > 1) || !(rate1 < 1) || expectedRunEvents < 2) {
            throw new IllegalArgumentException(
                    "a CUSUM needs 0 < p0 < p0 * ratio < 1 and at least 2 expected run events, got"
                            + " p0="
                            + p0
                            + " ratio="
                            + ratio
                            + " events="
                            + expectedRunEvents);
        }
        this.p0 = p0;
        this.p1 = rate1;
        this.up = Math.log(p1 / p0);
        this.down = Math.log((1 - p1) / (1 - p0));
        this.threshold = Math.log(expectedRunEvents);
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
