package org.oodmonitor.job.operators;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.schemas.OodScore;

/**
 * What one open window has seen so far, in memory that does not grow with the number of events:
 * counts, an exact fixed-point sum of the scores and a {@link ScoreSketch} of them.
 */
@Internal
public final class WindowAccumulator implements Serializable {

    private static final long serialVersionUID = 1L;

    long count;
    long oodCount;

    /** Scores are summed as integers of 2^-24, so that the sum is exact in any order. */
    static final double SUM_SCALE = 1 << 24;

    long scoreSum;
    final ScoreSketch sketch = new ScoreSketch();
    final Map<String, Long> classCounts = new TreeMap<>();
    String modelName;
    String modelVersion;
    String modelChecksum;
    String source;

    void add(OodScore score) {
        count++;
        if (score.isOod()) {
            oodCount++;
        }
        scoreSum += Math.round(score.score() * SUM_SCALE);
        sketch.add(score.score());
        classCounts.merge(score.predictedLabel(), 1L, Long::sum);
        source = score.source();
        modelName = score.modelName();
        modelVersion = score.modelVersion();
        modelChecksum = score.modelChecksum();
    }

    /**
     * Mean score, from a sum that does not depend on the order the scores arrived in (a replay sees
     * them in another order than the live job); exact to 2^-24 per score.
     */
    double mean() {
        return scoreSum / SUM_SCALE / count;
    }

    /** Quantiles p05, p25, p50, p75, p95 of the scores, within the sketch's relative error. */
    Map<String, Double> quantiles() {
        Map<String, Double> q = new TreeMap<>();
        if (count == 0) {
            return q;
        }
        for (int p : new int[] {5, 25, 50, 75, 95}) {
            q.put(String.format("p%02d", p), sketch.quantile(p / 100.0));
        }
        return q;
    }
}
