package org.oodmonitor.job.operators.window;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.inference.shift.ShiftReference;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.ShadowVerdict;

/**
 * Everything one open window of one key has seen, in memory that does not grow with the number of
 * events: counts, an exact fixed-point sum of the scores, a {@link ScoreSketch}, class counts, the
 * shift tests' counts and the shadow versions' agreement. One typed accumulator, a Flink POJO, so
 * that window state is written without Kryo and can evolve (Flink's POJO schema evolution).
 */
@Internal
public final class WindowState {

    /** Scores are summed as integers of 2^-24, so that the sum is exact in any order. */
    public static final double SUM_SCALE = 1 << 24;

    public long count;
    public long oodCount;
    public long scoreSum;
    public String source;
    public String modelName;
    public String modelVersion;
    public String modelChecksum;
    public Map<String, Long> classCounts = new HashMap<>();
    public ScoreSketch sketch = new ScoreSketch();

    /** Null until a score whose model has a shift reference. */
    public ShiftCounts shift;

    /** Null until a score with a shadow version's verdict. */
    public ShadowCounts shadow;

    /**
     * Adds {@code score}.
     *
     * @param shadow the shadow version's verdict on its event, or null
     * @param reference its model's shift reference, or null
     */
    public void add(OodScore score, ShadowVerdict shadow, ShiftReference reference) {
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
        if (shadow != null) {
            if (this.shadow == null) {
                this.shadow = new ShadowCounts();
            }
            this.shadow.add(score.isOod(), shadow);
        }
        if (reference != null) {
            if (shift == null) {
                shift = new ShiftCounts();
            }
            shift.add(score, reference);
        }
    }

    /**
     * Mean score, from a sum that does not depend on the order the scores arrived in (a replay sees
     * them in another order than the live job); exact to 2^-24 per score.
     */
    public double mean() {
        return scoreSum / SUM_SCALE / count;
    }

    /** Quantiles p05, p25, p50, p75, p95 of the scores, within the sketch's relative error. */
    public Map<String, Double> quantiles() {
        Map<String, Double> q = new TreeMap<>();
        if (count == 0) {
            return q;
        }
        for (int p : new int[] {5, 25, 50, 75, 95}) {
            q.put(String.format("p%02d", p), sketch.quantile(p / 100.0));
        }
        return q;
    }

    /** Events per predicted label, in label order. */
    public Map<String, Long> sortedClassCounts() {
        return new TreeMap<>(classCounts);
    }
}
