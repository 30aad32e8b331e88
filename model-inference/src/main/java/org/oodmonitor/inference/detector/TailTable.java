package org.oodmonitor.inference.detector;

import java.util.Arrays;
import java.util.List;

/**
 * How unusual a value is among in-distribution reference values: the empirical tail probability
 * {@code (#reference beyond or at x + 1) / (n + 1)}, read from a sorted sample of at most {@value
 * #MAX_POINTS} reference quantiles. Beyond the most extreme reference value it keeps falling,
 * exponentially in the distance measured in reference standard deviations, so that more extreme
 * inputs rank as more unusual (decisions at the calibrated threshold do not depend on it).
 *
 * @param side {@code lower} (small values are unusual), {@code upper} or {@code two_sided}
 * @param count how many reference values there were
 * @param scale the reference values' standard deviation
 * @param quantiles sorted reference quantiles, the first and last being the minimum and maximum
 */
public record TailTable(String side, int count, double scale, List<Double> quantiles) {

    public static final String LOWER = "lower";
    public static final String UPPER = "upper";
    public static final String TWO_SIDED = "two_sided";
    static final int MAX_POINTS = 1001;

    /**
     * @throws IllegalArgumentException for an unknown side or no quantiles
     */
    public TailTable {
        if (!List.of(LOWER, UPPER, TWO_SIDED).contains(side)) {
            throw new IllegalArgumentException("unknown tail side '" + side + "'");
        }
        if (quantiles == null || quantiles.isEmpty() || count < quantiles.size()) {
            throw new IllegalArgumentException("a tail table needs quantiles of its references");
        }
    }

    /** The table of {@code reference} values. */
    public static TailTable of(String side, double[] reference) {
        double[] sorted = reference.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        int points = Math.min(n, MAX_POINTS);
        Double[] q = new Double[points];
        for (int i = 0; i < points; i++) {
            q[i] =
                    points == 1
                            ? sorted[0]
                            : sorted[(int) Math.round((double) i * (n - 1) / (points - 1))];
        }
        double mean = Arrays.stream(sorted).average().orElse(0);
        double variance = Arrays.stream(sorted).map(v -> (v - mean) * (v - mean)).sum() / n;
        return new TailTable(side, n, Math.sqrt(variance), List.of(q));
    }

    /** The tail probability of {@code x} on this table's side; small means unusual. */
    public double tail(double x) {
        return switch (side) {
            case LOWER -> lower(x);
            case UPPER -> upper(x);
            default -> Math.min(1.0, 2 * Math.min(lower(x), upper(x)));
        };
    }

    /** {@code (#reference <= x + 1) / (n + 1)}, interpolated between quantiles. */
    private double lower(double x) {
        double p = (countAtOrBelow(x) + 1) / (count + 1.0);
        double min = quantiles.get(0);
        return x < min ? p * falloff(min - x) : p;
    }

    /** {@code (#reference >= x + 1) / (n + 1)}, interpolated between quantiles. */
    private double upper(double x) {
        double p = (count - countBelow(x) + 1) / (count + 1.0);
        double max = quantiles.get(quantiles.size() - 1);
        return x > max ? p * falloff(x - max) : p;
    }

    private double falloff(double distance) {
        return scale > 0 ? Math.exp(-distance / scale) : 0.0;
    }

    /** How many references are at or below {@code x}. */
    private double countAtOrBelow(double x) {
        int last = quantiles.size() - 1;
        if (x < quantiles.get(0)) {
            return 0;
        }
        if (x >= quantiles.get(last)) {
            return count;
        }
        return between(upperBound(x), x);
    }

    /** How many references are below {@code x}. */
    private double countBelow(double x) {
        int last = quantiles.size() - 1;
        if (x <= quantiles.get(0)) {
            return 0;
        }
        if (x > quantiles.get(last)) {
            return count;
        }
        return between(lowerBound(x), x);
    }

    /**
     * The count between quantile {@code b - 1}, whose reference and those before it are counted,
     * and quantile {@code b}, which is not, interpolated linearly at {@code x}.
     */
    private double between(int b, double x) {
        int a = b - 1;
        double qa = quantiles.get(a);
        double qb = quantiles.get(b);
        double t = qb > qa ? (x - qa) / (qb - qa) : 0;
        return rank(a) + 1 + t * (rank(b) - rank(a) - 1);
    }

    /** The 0-based rank among the references of quantile {@code k}. */
    private double rank(int k) {
        int points = quantiles.size();
        return points == 1 ? 0 : (double) k * (count - 1) / (points - 1);
    }

    /** First index whose quantile is greater than {@code x}. */
    private int upperBound(double x) {
        int lo = 0;
        int hi = quantiles.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (quantiles.get(mid) <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index whose quantile is at least {@code x}. */
    private int lowerBound(double x) {
        int lo = 0;
        int hi = quantiles.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (quantiles.get(mid) < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
