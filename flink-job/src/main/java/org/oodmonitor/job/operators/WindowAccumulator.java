package org.oodmonitor.job.operators;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.oodmonitor.schemas.OodScore;

/** What one open window has seen so far. */
public final class WindowAccumulator implements Serializable {

    private static final long serialVersionUID = 1L;

    long count;
    long oodCount;
    final List<Double> scores = new ArrayList<>();
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
        scores.add(score.score());
        classCounts.merge(score.predictedLabel(), 1L, Long::sum);
        source = score.source();
        modelName = score.modelName();
        modelVersion = score.modelVersion();
        modelChecksum = score.modelChecksum();
    }

    /**
     * Mean score, summed in ascending order so that the result does not depend on the order the
     * scores arrived in (a replay sees them in another order than the live job).
     */
    double mean() {
        double sum = 0;
        for (double s : sorted()) {
            sum += s;
        }
        return sum / scores.size();
    }

    /** Quantiles p05, p25, p50, p75, p95 of the scores, by linear interpolation. */
    Map<String, Double> quantiles() {
        Map<String, Double> q = new TreeMap<>();
        if (scores.isEmpty()) {
            return q;
        }
        List<Double> sorted = sorted();
        for (int p : new int[] {5, 25, 50, 75, 95}) {
            double pos = p / 100.0 * (sorted.size() - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(sorted.size() - 1, lo + 1);
            double value = sorted.get(lo) + (pos - lo) * (sorted.get(hi) - sorted.get(lo));
            q.put(String.format("p%02d", p), value);
        }
        return q;
    }

    private List<Double> sorted() {
        List<Double> sorted = new ArrayList<>(scores);
        Collections.sort(sorted);
        return sorted;
    }
}
