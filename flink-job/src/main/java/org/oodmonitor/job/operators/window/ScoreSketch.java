package org.oodmonitor.job.operators.window;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.annotation.Internal;

/**
 * A mergeable quantile sketch of scores with bounded memory and a relative error of at most {@value
 * #RELATIVE_ERROR}: each score falls into a logarithmic bucket of its magnitude (as in DDSketch),
 * and a quantile is read as its bucket's midpoint. Buckets are counts, so the sketch is the same
 * whatever order the scores arrived in, which keeps a replay's windows equal to the live job's.
 * Scores of magnitude below {@value #MIN_MAGNITUDE} count as zero.
 *
 * <p>A Flink POJO (public fields, no-argument constructor), so that window state needs no Kryo.
 */
@Internal
public final class ScoreSketch {

    /** Relative accuracy of every quantile. */
    public static final double RELATIVE_ERROR = 0.005;

    static final double MIN_MAGNITUDE = 1e-6;
    private static final double GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
    private static final double LOG_GAMMA = Math.log(GAMMA);

    /** Counts by bucket index of magnitude, one map per sign; 2,800 buckets cover 1e-6 to 1e6. */
    public Map<Integer, Long> negative = new HashMap<>();

    public Map<Integer, Long> positive = new HashMap<>();
    public long zeros;
    public long count;

    public void add(double score) {
        count++;
        double magnitude = Math.abs(score);
        if (magnitude < MIN_MAGNITUDE || !Double.isFinite(score)) {
            zeros++;
            return;
        }
        int index = (int) Math.ceil(Math.log(magnitude) / LOG_GAMMA);
        (score < 0 ? negative : positive).merge(index, 1L, Long::sum);
    }

    /** Number of buckets in use, which bounds the memory. */
    int buckets() {
        return negative.size() + positive.size() + (zeros > 0 ? 1 : 0);
    }

    /**
     * The {@code q} quantile (0 to 1) of the scores, within {@link #RELATIVE_ERROR} of the score of
     * rank {@code round(q * (count - 1))}.
     *
     * @throws IllegalStateException for an empty sketch
     */
    public double quantile(double q) {
        if (count == 0) {
            throw new IllegalStateException("no scores");
        }
        long rank = Math.round(q * (count - 1));
        long seen = 0;
        // Ascending order: the most negative scores have the largest magnitude buckets.
        for (Map.Entry<Integer, Long> e : new TreeMap<>(negative).descendingMap().entrySet()) {
            seen += e.getValue();
            if (rank < seen) {
                return -value(e.getKey());
            }
        }
        seen += zeros;
        if (rank < seen) {
            return 0;
        }
        TreeMap<Integer, Long> ascending = new TreeMap<>(positive);
        for (Map.Entry<Integer, Long> e : ascending.entrySet()) {
            seen += e.getValue();
            if (rank < seen) {
                return value(e.getKey());
            }
        }
        return value(ascending.lastKey());
    }

    /** The midpoint, in relative terms, of bucket {@code index}. */
    private static double value(int index) {
        return 2 * Math.pow(GAMMA, index) / (GAMMA + 1);
    }
}
