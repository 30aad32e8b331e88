package org.oodmonitor.training.metrics;

import java.util.ArrayList;
import java.util.List;
import org.oodmonitor.inference.model.Calibration;
import org.oodmonitor.inference.scoring.ScoreKind;
import org.oodmonitor.training.eval.ScoredSet;

/** Calibrates minimum-distance-score thresholds on in-distribution validation data. */
public final class Calibrator {

    private Calibrator() {}

    /**
     * The threshold keeping {@code tpr} of {@code validation}, and optionally one per predicted
     * class (a class never predicted falls back to the global threshold).
     */
    public static Calibration calibrate(
            ScoredSet validation, double tpr, boolean perClass, int classes, String source) {
        double[] scores = validation.scores(ScoreKind.MDS);
        double global = Thresholds.forTpr(scores, tpr);
        List<Double> perClassThresholds = null;
        if (perClass) {
            perClassThresholds = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                double[] ofClass = scoresPredictedAs(validation, scores, c);
                perClassThresholds.add(
                        ofClass.length == 0 ? global : Thresholds.forTpr(ofClass, tpr));
            }
        }
        return new Calibration(
                ScoreKind.MDS.key(), global, tpr, perClassThresholds, validation.count(), source);
    }

    private static double[] scoresPredictedAs(ScoredSet set, double[] scores, int c) {
        int n = 0;
        for (int p : set.predicted()) {
            if (p == c) {
                n++;
            }
        }
        double[] out = new double[n];
        int k = 0;
        for (int i = 0; i < scores.length; i++) {
            if (set.predicted()[i] == c) {
                out[k++] = scores[i];
            }
        }
        return out;
    }
}
