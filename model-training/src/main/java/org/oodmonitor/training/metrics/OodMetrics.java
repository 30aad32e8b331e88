package org.oodmonitor.training.metrics;

import java.util.Arrays;

/**
 * Detection metrics of an OOD score, with in-distribution as the positive class and higher scores
 * meaning more in-distribution.
 *
 * @param auroc area under the ROC curve (ties count one half)
 * @param auprIn average precision with in-distribution as positive
 * @param auprOut average precision with OOD as positive and the score negated
 * @param tnrAtTpr95 fraction of OOD below the threshold that keeps 95% of in-distribution
 * @param detectionAccuracy {@code max_t 0.5 P_in(s >= t) + 0.5 P_out(s < t)}
 */
public record OodMetrics(
        double auroc, double auprIn, double auprOut, double tnrAtTpr95, double detectionAccuracy) {

    /**
     * @throws IllegalArgumentException when either set is empty or holds a NaN
     */
    public static OodMetrics of(double[] inScores, double[] outScores) {
        check(inScores, "in-distribution");
        check(outScores, "OOD");
        double[] negatedIn = negate(inScores);
        double[] negatedOut = negate(outScores);
        return new OodMetrics(
                auroc(inScores, outScores),
                averagePrecision(inScores, outScores),
                averagePrecision(negatedOut, negatedIn),
                tnrAtTpr(inScores, outScores, 0.95),
                detectionAccuracy(inScores, outScores));
    }

    /** Probability that a random positive scores above a random negative, ties one half. */
    public static double auroc(double[] positives, double[] negatives) {
        double[] neg = sorted(negatives);
        double wins = 0;
        for (double p : positives) {
            int below = lowerBound(neg, p);
            int belowOrEqual = upperBound(neg, p);
            wins += below + 0.5 * (belowOrEqual - below);
        }
        return wins / ((double) positives.length * negatives.length);
    }

    /**
     * Average precision: the sum over distinct thresholds, highest first, of precision times the
     * recall gained there.
     */
    public static double averagePrecision(double[] positives, double[] negatives) {
        double[] pos = sorted(positives);
        double[] neg = sorted(negatives);
        double[] thresholds = distinctDescending(pos);
        double ap = 0;
        double previousRecall = 0;
        for (double t : thresholds) {
            int tp = pos.length - lowerBound(pos, t);
            int fp = neg.length - lowerBound(neg, t);
            double recall = (double) tp / pos.length;
            ap += (recall - previousRecall) * tp / (tp + fp);
            previousRecall = recall;
        }
        return ap;
    }

    /** Fraction of OOD scores below the threshold that keeps {@code tpr} of in-distribution. */
    public static double tnrAtTpr(double[] inScores, double[] outScores, double tpr) {
        double threshold = Thresholds.forTpr(inScores, tpr);
        double[] out = sorted(outScores);
        return (double) lowerBound(out, threshold) / out.length;
    }

    /** Best balanced accuracy over all thresholds. */
    public static double detectionAccuracy(double[] inScores, double[] outScores) {
        double[] in = sorted(inScores);
        double[] out = sorted(outScores);
        double best = 0.5;
        for (double[] set : new double[][] {in, out}) {
            for (double t : set) {
                double tpr = (double) (in.length - lowerBound(in, t)) / in.length;
                double tnr = (double) lowerBound(out, t) / out.length;
                best = Math.max(best, 0.5 * tpr + 0.5 * tnr);
            }
        }
        return best;
    }

    private static void check(double[] scores, String what) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("no " + what + " scores");
        }
        for (double s : scores) {
            if (Double.isNaN(s)) {
                throw new IllegalArgumentException(what + " scores contain NaN");
            }
        }
    }

    static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static double[] negate(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = -values[i];
        }
        return out;
    }

    private static double[] distinctDescending(double[] ascending) {
        return Arrays.stream(ascending).distinct().map(v -> -v).sorted().map(v -> -v).toArray();
    }

    /** Number of elements strictly below {@code value}. */
    static int lowerBound(double[] ascending, double value) {
        int lo = 0;
        int hi = ascending.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ascending[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Number of elements at or below {@code value}. */
    static int upperBound(double[] ascending, double value) {
        int lo = 0;
        int hi = ascending.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ascending[mid] <= value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
