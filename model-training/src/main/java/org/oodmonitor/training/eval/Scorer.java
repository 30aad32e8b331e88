package org.oodmonitor.training.eval;

import java.util.Arrays;
import java.util.function.BiFunction;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.detector.InputStatistics;
import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.scoring.ScoreKind;
import org.oodmonitor.training.data.VectorSet;

/** Runs a model over a whole data set in batches and computes every score. */
public final class Scorer {

    private static final int BATCH = 256;

    private Scorer() {}

    /**
     * @throws IllegalArgumentException when the images do not fit the model's input
     */
    public static ScoredSet images(OodModel model, ImageSet set) {
        InputSpec input = model.manifest().input();
        if (!input.isImage() || input.height() != set.height() || input.width() != set.width()) {
            throw new IllegalArgumentException(
                    set.name()
                            + ": "
                            + set.height()
                            + "x"
                            + set.width()
                            + " images do not fit model input "
                            + describe(input));
        }
        double[][] stats = new double[set.count()][];
        int size = set.height() * set.width();
        for (int i = 0; i < stats.length; i++) {
            stats[i] = InputStatistics.of(set.pixels(), i * size, set.height(), set.width());
        }
        return score(
                set.name(),
                set.count(),
                set.labels(),
                stats,
                (from, n) -> model.logitsOfImages(set.pixels(), from, n));
    }

    /**
     * @throws IllegalArgumentException when the vectors do not fit the model's input
     */
    public static ScoredSet vectors(OodModel model, VectorSet set) {
        InputSpec input = model.manifest().input();
        if (input.isImage() || input.dimension() != set.dimension()) {
            throw new IllegalArgumentException(
                    set.name()
                            + ": vectors of dimension "
                            + set.dimension()
                            + " do not fit model input "
                            + describe(input));
        }
        return score(
                set.name(),
                set.count(),
                set.labels(),
                null,
                (from, size) ->
                        model.logitsOfVectors(
                                Arrays.copyOfRange(set.vectors(), from, from + size)));
    }

    /** Scores {@code n} examples in batches; {@code logits} gives the logits of a batch. */
    private static ScoredSet score(
            String name,
            int n,
            int[] labels,
            double[][] stats,
            BiFunction<Integer, Integer, float[][]> logits) {
        int[] predicted = new int[n];
        double[][] scores = new double[ScoreKind.values().length][n];
        for (int from = 0; from < n; from += BATCH) {
            record(logits.apply(from, Math.min(BATCH, n - from)), from, predicted, scores);
        }
        return new ScoredSet(name, predicted, labels, scores, stats);
    }

    private static void record(float[][] logits, int from, int[] predicted, double[][] scores) {
        for (int i = 0; i < logits.length; i++) {
            predicted[from + i] = ScoreKind.argMax(logits[i]);
            for (ScoreKind score : ScoreKind.values()) {
                scores[score.ordinal()][from + i] = score.of(logits[i]);
            }
        }
    }

    private static String describe(InputSpec input) {
        return input.isImage()
                ? input.height() + "x" + input.width() + " images"
                : "vectors of dimension " + input.dimension();
    }
}
