package org.oodmonitor.training.metrics;

import java.util.ArrayList;
import java.util.List;
import org.oodmonitor.inference.detector.AlertComponent;
import org.oodmonitor.inference.detector.AlertDetector;
import org.oodmonitor.inference.detector.InputStatistics;
import org.oodmonitor.inference.detector.TailTable;
import org.oodmonitor.inference.scoring.ScoreKind;
import org.oodmonitor.training.eval.ScoredSet;

/**
 * Fits a model's {@link AlertDetector} on in-distribution validation data only: the reference
 * values of every component, then one threshold for the whole detector at the target TPR. Nothing
 * out of distribution is ever seen; why these components and weights is in docs/RESULTS.md.
 */
public final class AlertDetectorFitter {

    /**
     * Share of the false-alarm budget of each input statistic; the entropic score gets the rest.
     */
    public static final double STATISTIC_WEIGHT = 0.025;

    private AlertDetectorFitter() {}

    /**
     * The detector of a model scored on {@code validation}: the entropic score and the input
     * statistics (of an image's pixels or of a vector), with a joint threshold keeping {@code tpr}
     * of {@code validation}.
     */
    public static AlertDetector fit(ScoredSet validation, double tpr, String source) {
        List<AlertComponent> components = new ArrayList<>();
        double[][] stats = validation.stats();
        String[] names = validation.statNames();
        double entropicWeight = stats == null ? 1.0 : 1.0 - names.length * STATISTIC_WEIGHT;
        components.add(
                new AlertComponent(
                        AlertComponent.ENTROPIC,
                        entropicWeight,
                        TailTable.of(TailTable.LOWER, validation.scores(ScoreKind.ENTROPIC))));
        if (stats != null) {
            for (int k = 0; k < names.length; k++) {
                double[] values = new double[stats.length];
                for (int i = 0; i < values.length; i++) {
                    values[i] = stats[i][k];
                }
                components.add(
                        new AlertComponent(
                                names[k],
                                STATISTIC_WEIGHT,
                                TailTable.of(TailTable.TWO_SIDED, values)));
            }
        }
        String name =
                stats == null
                        ? "entropic"
                        : names == InputStatistics.NAMES
                                ? "entropic+pixel-statistics"
                                : names == InputStatistics.COLOR_NAMES
                                        ? "entropic+colour-statistics"
                                        : "entropic+vector-statistics";
        AlertDetector unthresholded =
                new AlertDetector(name, components, 0, tpr, validation.count(), source);
        double threshold = Thresholds.forTpr(validation.alertScores(unthresholded), tpr);
        return unthresholded.withThreshold(threshold, tpr);
    }
}
