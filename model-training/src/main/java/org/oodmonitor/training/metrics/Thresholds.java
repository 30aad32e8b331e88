package org.oodmonitor.training.metrics;

/** Picks OOD thresholds from in-distribution scores. */
public final class Thresholds {

    private Thresholds() {}

    /**
     * The largest threshold {@code t} such that at least {@code tpr} of {@code inScores} are {@code
     * >= t}; scores below {@code t} are OOD.
     *
     * @throws IllegalArgumentException for an empty set or a rate outside (0, 1]
     */
    public static double forTpr(double[] inScores, double tpr) {
        if (inScores.length == 0) {
            throw new IllegalArgumentException("cannot calibrate on no scores");
        }
        if (!(tpr > 0 && tpr <= 1)) {
            throw new IllegalArgumentException("TPR must be in (0, 1], was " + tpr);
        }
        double[] sorted = OodMetrics.sorted(inScores);
        int keep = (int) Math.ceil(tpr * sorted.length - 1e-9);
        return sorted[sorted.length - keep];
    }
}
