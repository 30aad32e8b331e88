package org.oodmonitor.job.labels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.annotation.Internal;

/**
 * The realized quality of one window's labelled events, as they come: counts only, plus the scores
 * of errors and correct events for the AUROC; a Flink POJO. Every statistic is computed from these
 * by a formula its method states, so a replay gives the same numbers.
 */
@Internal
public final class QualityStats {

    /** Bins of the calibration error: confidence in [0, 0.1), [0.1, 0.2), ..., [0.9, 1]. */
    public static final int BINS = 10;

    private static final double CONFIDENCE_UNIT = 0x1p32;

    public long events;
    public long labelled;
    public long correct;
    public long errorsOod;
    public long correctOod;
    public Map<String, Long> trueCounts = new TreeMap<>();
    public Map<String, Long> trueHits = new TreeMap<>();
    public long[] binCount = new long[BINS];
    public long[] binCorrect = new long[BINS];

    /**
     * Sum of each bin's confidences in units of 2^-32: integers, so that the sum, and every
     * statistic of it, is the same whatever order the events came in (live or replayed).
     */
    public long[] binConfidence = new long[BINS];

    public List<Double> errorScores = new ArrayList<>();
    public List<Double> correctScores = new ArrayList<>();

    public QualityStats() {}

    /** Adds one score whose wait for its label is over. */
    public void add(LabelledScore s) {
        events++;
        if (!s.isLabelled()) {
            return;
        }
        labelled++;
        boolean right = s.isCorrect();
        String trueClass = s.label.trueClassName();
        trueCounts.merge(trueClass, 1L, Long::sum);
        if (right) {
            correct++;
            trueHits.merge(trueClass, 1L, Long::sum);
            correctScores.add(s.score.score);
            correctOod += s.score.ood ? 1 : 0;
        } else {
            errorScores.add(s.score.score);
            errorsOod += s.score.ood ? 1 : 0;
        }
        double c = s.score.confidence;
        if (!Double.isNaN(c)) {
            int bin = Math.min(BINS - 1, Math.max(0, (int) Math.floor(c * BINS)));
            binCount[bin]++;
            binConfidence[bin] += Math.round(c * CONFIDENCE_UNIT);
            binCorrect[bin] += right ? 1 : 0;
        }
    }

    /** correct / labelled; null without labels. */
    public Double accuracy() {
        return labelled == 0 ? null : (double) correct / labelled;
    }

    /** Per true class (as the labels name it): hits / labelled of that class. */
    public Map<String, Double> recall() {
        Map<String, Double> recall = new TreeMap<>();
        trueCounts.forEach((c, n) -> recall.put(c, (double) trueHits.getOrDefault(c, 0L) / n));
        return recall;
    }

    /**
     * Expected calibration error of the model's confidence: sum over bins of (n_b / n) * |acc_b -
     * conf_b|, with acc_b the share correct and conf_b the mean confidence of bin b; null when no
     * labelled event had a confidence.
     */
    public Double expectedCalibrationError() {
        long n = 0;
        for (long c : binCount) {
            n += c;
        }
        if (n == 0) {
            return null;
        }
        double ece = 0;
        for (int b = 0; b < BINS; b++) {
            if (binCount[b] > 0) {
                double acc = (double) binCorrect[b] / binCount[b];
                double conf = binConfidence[b] / CONFIDENCE_UNIT / binCount[b];
                ece += (double) binCount[b] / n * Math.abs(acc - conf);
            }
        }
        return ece;
    }

    /**
     * How well the OOD score separates the model's errors from its correct events: the chance that
     * a random correct event scores higher than a random error, ties counted half (the Mann-Whitney
     * U over both counts); null without both.
     */
    public Double errorAuroc() {
        if (errorScores.isEmpty() || correctScores.isEmpty()) {
            return null;
        }
        List<Double> errors = new ArrayList<>(errorScores);
        List<Double> rights = new ArrayList<>(correctScores);
        Collections.sort(errors);
        Collections.sort(rights);
        double wins = 0;
        int below = 0;
        int equalFrom = 0;
        for (double r : rights) {
            while (below < errors.size() && errors.get(below) < r) {
                below++;
            }
            equalFrom = below;
            int equal = 0;
            while (equalFrom + equal < errors.size() && errors.get(equalFrom + equal) == r) {
                equal++;
            }
            wins += below + 0.5 * equal;
        }
        return wins / ((double) errors.size() * rights.size());
    }
}
