package org.oodmonitor.training.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.oodmonitor.inference.scoring.ScoreKind;
import org.oodmonitor.inference.shift.BinnedReference;
import org.oodmonitor.inference.shift.ShiftReference;
import org.oodmonitor.training.eval.ScoredSet;

/**
 * Fits a model's {@link ShiftReference} on in-distribution validation data only: the predicted
 * classes and the binned minimum distance score, entropic score and input statistics (of an image's
 * pixels or of a vector).
 */
public final class ShiftReferenceFitter {

    private ShiftReferenceFitter() {}

    /** The reference of a model with {@code classes} classes scored on {@code validation}. */
    public static ShiftReference fit(ScoredSet validation, int classes, String source) {
        long[] counts = new long[classes];
        for (int p : validation.predicted()) {
            counts[p]++;
        }
        List<Long> classCounts = new ArrayList<>();
        for (long c : counts) {
            classCounts.add(c);
        }
        Map<String, BinnedReference> statistics = new LinkedHashMap<>();
        statistics.put(ShiftReference.MDS, binned(validation.scores(ScoreKind.MDS)));
        statistics.put(ShiftReference.ENTROPIC, binned(validation.scores(ScoreKind.ENTROPIC)));
        double[][] stats = validation.stats();
        if (stats != null) {
            String[] names = validation.statNames();
            for (int k = 0; k < names.length; k++) {
                double[] values = new double[stats.length];
                for (int i = 0; i < values.length; i++) {
                    values[i] = stats[i][k];
                }
                statistics.put(names[k], binned(values));
            }
        }
        return new ShiftReference(classCounts, statistics, validation.count(), source);
    }

    private static BinnedReference binned(double[] values) {
        return BinnedReference.of(values, BinnedReference.DEFAULT_BINS);
    }
}
