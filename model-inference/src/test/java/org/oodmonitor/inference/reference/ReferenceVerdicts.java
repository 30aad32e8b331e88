package org.oodmonitor.inference.reference;

import java.io.IOException;
import java.nio.file.Path;
import org.oodmonitor.inference.detector.AlertComponent;
import org.oodmonitor.inference.detector.AlertDetector;
import org.oodmonitor.inference.detector.TailTable;
import org.oodmonitor.inference.model.ModelManifest;

/**
 * Expected verdicts for tests, computed independently of the served code: the {@link
 * ReferenceNetwork}'s logits and the decision rule written out again from the model format's
 * definition (docs and manifest): the minimum distance score against the calibrated threshold, or,
 * for a model with an alert detector, the smallest of its components' tail probabilities divided by
 * their weights against the detector's threshold. Reads only the manifest's numbers; calls none of
 * {@code scoring} or {@code detector}.
 */
public final class ReferenceVerdicts {

    /** Relative distance from the threshold under which a decision counts as not clear. */
    public static final double MARGIN = 0.02;

    private static final int DARK_LEVEL = 13;

    private final ReferenceNetwork network;

    private ReferenceVerdicts(ReferenceNetwork network) {
        this.network = network;
    }

    /** The reference for the model in {@code dir}. */
    public static ReferenceVerdicts load(Path dir) throws IOException {
        return new ReferenceVerdicts(ReferenceNetwork.load(dir));
    }

    /** The network whose logits the verdicts are computed from. */
    public ReferenceNetwork network() {
        return network;
    }

    /** The verdict of one gray image of the model's size. */
    public ReferenceVerdict ofImage(byte[] gray) {
        return decide(network.logitsOfImage(gray), gray);
    }

    /** The verdict of one feature vector. */
    public ReferenceVerdict ofVector(float[] vector) {
        double[] x = new double[vector.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = vector[i];
        }
        return decide(network.logits(x), null, vector);
    }

    private ReferenceVerdict decide(double[] logits, byte[] gray) {
        return decide(logits, gray, null);
    }

    private ReferenceVerdict decide(double[] logits, byte[] gray, float[] vector) {
        ModelManifest m = network.manifest();
        int best = 0;
        for (int c = 1; c < logits.length; c++) {
            best = logits[c] > logits[best] ? c : best;
        }
        double score = logits[best];
        AlertDetector detector = m.alertDetector();
        double value;
        double threshold;
        if (detector == null) {
            if (m.calibration().perClassThresholds() != null) {
                throw new IllegalArgumentException("the reference knows global thresholds only");
            }
            value = score;
            threshold = m.calibration().threshold();
        } else {
            value = Double.POSITIVE_INFINITY;
            for (AlertComponent c : detector.components()) {
                double x =
                        !c.readsPixels()
                                ? entropic(logits)
                                : vector != null
                                        ? vectorStatistic(c.name(), vector)
                                        : pixelStatistic(c.name(), gray, m.input().width());
                value = Math.min(value, tail(c.table(), x) / c.weight());
            }
            threshold = detector.threshold();
        }
        boolean clear = Math.abs(value - threshold) > MARGIN * Math.abs(threshold);
        return new ReferenceVerdict(best, score, value, threshold, value < threshold, clear);
    }

    /** One of the detector's statistics of a vector, each by its textbook formula, two passes. */
    static double vectorStatistic(String name, float[] v) {
        double mean = 0;
        for (float x : v) {
            mean += x;
        }
        mean /= v.length;
        switch (name) {
            case "norm" -> {
                double squares = 0;
                for (float x : v) {
                    squares += (double) x * x;
                }
                return Math.sqrt(squares);
            }
            case "value_mean" -> {
                return mean;
            }
            case "value_std" -> {
                double squares = 0;
                for (float x : v) {
                    squares += (x - mean) * (x - mean);
                }
                return Math.sqrt(squares / v.length);
            }
            case "zero_fraction" -> {
                int zeros = 0;
                for (float x : v) {
                    zeros += Math.abs(x) <= 1e-6 ? 1 : 0;
                }
                return zeros / (double) v.length;
            }
            default -> throw new IllegalArgumentException("unknown vector statistic " + name);
        }
    }

    /** Minus the entropy of the softmax of the (unscaled) logits. */
    static double entropic(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double z = 0;
        for (double l : logits) {
            z += Math.exp(l - max);
        }
        double sum = 0;
        for (double l : logits) {
            double p = Math.exp(l - max) / z;
            sum += p * Math.log(p);
        }
        return sum;
    }

    /** One of the detector's pixel statistics of a gray image {@code w} pixels wide. */
    static double pixelStatistic(String name, byte[] gray, int w) {
        int n = gray.length;
        int h = n / w;
        switch (name) {
            case "total_variation" -> {
                double diffs = 0;
                int pairs = 0;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        if (x > 0) {
                            diffs += Math.abs(level(gray, y * w + x) - level(gray, y * w + x - 1));
                            pairs++;
                        }
                        if (y > 0) {
                            diffs += Math.abs(level(gray, y * w + x) - level(gray, y * w + x - w));
                            pairs++;
                        }
                    }
                }
                return diffs / pairs;
            }
            case "dark_fraction" -> {
                int dark = 0;
                for (int i = 0; i < n; i++) {
                    dark += level(gray, i) < DARK_LEVEL ? 1 : 0;
                }
                return dark / (double) n;
            }
            case "pixel_mean" -> {
                return mean(gray);
            }
            case "pixel_std" -> {
                double mean = mean(gray);
                double squares = 0;
                for (int i = 0; i < n; i++) {
                    squares += (level(gray, i) - mean) * (level(gray, i) - mean);
                }
                return Math.sqrt(squares / n);
            }
            default -> throw new IllegalArgumentException("unknown statistic " + name);
        }
    }

    /**
     * The in-distribution tail probability of {@code x}: {@code (#references at or beyond x + 1) /
     * (n + 1)}, the count interpolated linearly between the stored quantiles (quantile k being the
     * reference of rank {@code k (n - 1) / (points - 1)}), times {@code exp(-distance / scale)}
     * beyond the most extreme reference; two-sided: twice the smaller side, at most 1.
     */
    static double tail(TailTable table, double x) {
        double lower = lowerTail(table, x);
        double upper = upperTail(table, x);
        return switch (table.side()) {
            case TailTable.LOWER -> lower;
            case TailTable.UPPER -> upper;
            default -> Math.min(1, 2 * Math.min(lower, upper));
        };
    }

    private static double lowerTail(TailTable t, double x) {
        double first = t.quantiles().get(0);
        double p = (countBelow(t, x, true) + 1) / (t.count() + 1.0);
        return x < first ? p * Math.exp(-(first - x) / t.scale()) : p;
    }

    private static double upperTail(TailTable t, double x) {
        double last = t.quantiles().get(t.quantiles().size() - 1);
        double p = (t.count() - countBelow(t, x, false) + 1) / (t.count() + 1.0);
        return x > last ? p * Math.exp(-(x - last) / t.scale()) : p;
    }

    /** How many references are below {@code x}, or at or below it when {@code orAt}. */
    private static double countBelow(TailTable t, double x, boolean orAt) {
        int points = t.quantiles().size();
        int a = -1; // the last quantile counted
        for (int k = 0; k < points; k++) {
            double q = t.quantiles().get(k);
            if (q < x || (orAt && q == x)) {
                a = k;
            }
        }
        if (a < 0) {
            return 0;
        }
        if (a == points - 1) {
            return t.count();
        }
        double rankA = (double) a * (t.count() - 1) / (points - 1);
        double rankB = (double) (a + 1) * (t.count() - 1) / (points - 1);
        double qa = t.quantiles().get(a);
        double qb = t.quantiles().get(a + 1);
        double fraction = qb > qa ? (x - qa) / (qb - qa) : 0;
        return rankA + 1 + fraction * (rankB - rankA - 1);
    }

    private static double mean(byte[] gray) {
        double sum = 0;
        for (int i = 0; i < gray.length; i++) {
            sum += level(gray, i);
        }
        return sum / gray.length;
    }

    private static int level(byte[] gray, int i) {
        return gray[i] & 0xff;
    }
}
