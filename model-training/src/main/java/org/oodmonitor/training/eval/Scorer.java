package org.oodmonitor.training.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.detector.InputStatistics;
import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.preprocess.DecodedImage;
import org.oodmonitor.inference.preprocess.InputException;
import org.oodmonitor.inference.scoring.BatchScorer;
import org.oodmonitor.inference.scoring.EventInput;
import org.oodmonitor.inference.scoring.Outcome;
import org.oodmonitor.inference.scoring.ScoreKind;
import org.oodmonitor.training.data.ImageFiles;
import org.oodmonitor.training.data.VectorSet;

/**
 * Runs a model over a whole data set and computes every score, through the job's own path from
 * event to verdict ({@link BatchScorer}): raw images and vectors become event inputs, scored in
 * forward passes of {@link #ROWS} rows, so an example gets the score the job would give it.
 */
public final class Scorer {

    /** Rows of every forward pass: the job's default {@code ood.batch.max-size}. */
    static final int ROWS = 64;

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
                model,
                set.name(),
                set.count(),
                set.labels(),
                stats,
                i ->
                        new EventInput.Image(
                                "raw",
                                Arrays.copyOfRange(set.pixels(), i * size, (i + 1) * size),
                                set.height(),
                                set.width(),
                                1));
    }

    /**
     * Scores image files (PNG or JPEG) through the model's own preprocessing: an imported model's
     * resize, crop and normalisation, or a model-sized gray image for the others.
     *
     * @throws IllegalArgumentException when an image does not decode or fit the model
     * @throws UncheckedIOException when a file cannot be read
     */
    public static ScoredSet imageFiles(OodModel model, ImageFiles set) {
        int n = set.count();
        double[][] stats = new double[n][];
        // Each file is read when its forward pass needs it, so a large set is never in memory.
        return score(
                model,
                set.name(),
                n,
                set.labels(),
                stats,
                i -> {
                    Path file = set.files().get(i);
                    try {
                        byte[] bytes = Files.readAllBytes(file);
                        String encoding = ImageFiles.encodingOf(file);
                        DecodedImage seen =
                                model.preprocessor().modelImage(encoding, bytes, 0, 0, 0);
                        stats[i] = InputStatistics.of(seen);
                        return new EventInput.Image(encoding, bytes, 0, 0, 0);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (InputException e) {
                        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
                    }
                });
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
        double[][] stats = new double[set.count()][];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = InputStatistics.ofVector(set.vectors()[i]);
        }
        return score(
                model,
                set.name(),
                set.count(),
                set.labels(),
                stats,
                i -> new EventInput.Vector(set.vectors()[i]));
    }

    /** Scores the {@code n} examples that {@code input} gives, in forward passes of ROWS rows. */
    private static ScoredSet score(
            OodModel model,
            String name,
            int n,
            int[] labels,
            double[][] stats,
            IntFunction<EventInput> input) {
        BatchScorer scorer = new BatchScorer(model, null, ROWS, 0);
        int[] predicted = new int[n];
        double[][] scores = new double[ScoreKind.values().length][n];
        for (int from = 0; from < n; from += ROWS) {
            List<EventInput> batch = new ArrayList<>(ROWS);
            for (int i = from; i < Math.min(n, from + ROWS); i++) {
                batch.add(input.apply(i));
            }
            List<Outcome> outcomes = scorer.score(batch).outcomes();
            float[][] logits = new float[outcomes.size()][];
            for (int i = 0; i < logits.length; i++) {
                if (!(outcomes.get(i) instanceof Outcome.Scored scored)) {
                    Outcome.Failed failed = (Outcome.Failed) outcomes.get(i);
                    throw new IllegalArgumentException(
                            name + " example " + (from + i) + ": " + failed.message());
                }
                logits[i] = scored.logits();
            }
            record(logits, from, predicted, scores);
        }
        return new ScoredSet(
                name,
                predicted,
                labels,
                scores,
                stats,
                stats == null ? null : InputStatistics.namesFor(model.manifest().input()));
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
