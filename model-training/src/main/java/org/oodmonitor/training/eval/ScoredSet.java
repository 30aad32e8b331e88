package org.oodmonitor.training.eval;

import org.oodmonitor.inference.detector.AlertDetector;
import org.oodmonitor.inference.detector.InputStatistics;
import org.oodmonitor.inference.scoring.ScoreKind;

/**
 * Predictions and every OOD score of one data set.
 *
 * @param name the data set
 * @param predicted predicted class per example
 * @param labels true class per example, or null
 * @param scores {@code scores[score.ordinal()][example]}
 * @param stats the {@link InputStatistics} of every example (of its pixels or of its vector), or
 *     null
 * @param statNames the names of {@code stats}' columns, or null with them
 */
public record ScoredSet(
        String name,
        int[] predicted,
        int[] labels,
        double[][] scores,
        double[][] stats,
        String[] statNames) {

    /** Every example's score under {@code detector}. */
    public double[] alertScores(AlertDetector detector) {
        double[] entropic = scores(ScoreKind.ENTROPIC);
        double[] out = new double[entropic.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = detector.score(entropic[i], stats == null ? null : stats[i]);
        }
        return out;
    }

    public double[] scores(ScoreKind score) {
        return scores[score.ordinal()];
    }

    public int count() {
        return predicted.length;
    }

    /**
     * Fraction of examples predicted as labelled.
     *
     * @throws IllegalStateException for an unlabelled set
     */
    public double accuracy() {
        if (labels == null) {
            throw new IllegalStateException(name + " has no labels");
        }
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / predicted.length;
    }
}
