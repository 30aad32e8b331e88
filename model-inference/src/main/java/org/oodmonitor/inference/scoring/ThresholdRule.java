package org.oodmonitor.inference.scoring;

import java.util.List;
import org.oodmonitor.inference.model.Calibration;
import org.oodmonitor.inference.model.ModelManifest;

/**
 * Which threshold applies to an example of a model: an operator's override for every class, else
 * the calibrated per-class threshold of its predicted class, else the calibrated global one. This
 * is the only place that rule is written.
 *
 * @param global the threshold reported for the model as a whole
 * @param perClass one threshold per class, or null when {@code global} applies to every class
 * @param source {@code override} or {@code calibrated}
 */
public record ThresholdRule(double global, List<Double> perClass, String source) {

    /**
     * The rule for {@code manifest}, with an optional override.
     *
     * @throws IllegalArgumentException for a model that is not calibrated and has no override, or a
     *     non-finite override
     */
    public static ThresholdRule of(ModelManifest manifest, Double override) {
        if (override != null) {
            if (!Double.isFinite(override)) {
                throw new IllegalArgumentException(
                        "threshold override for model " + manifest.name() + " is " + override);
            }
            return new ThresholdRule(override, null, "override");
        }
        Calibration calibration = manifest.calibration();
        if (calibration == null) {
            throw new IllegalArgumentException(
                    "model "
                            + manifest.name()
                            + " is not calibrated and has no threshold override; run"
                            + " 'ood-monitor calibrate' or set a threshold");
        }
        if (!ScoreKind.MDS.key().equals(calibration.score())) {
            throw new IllegalArgumentException(
                    "model "
                            + manifest.name()
                            + " is calibrated on score '"
                            + calibration.score()
                            + "'; the monitor decides on the minimum distance score (mds)");
        }
        return new ThresholdRule(
                calibration.threshold(), calibration.perClassThresholds(), "calibrated");
    }

    /** The threshold for an example predicted as {@code predictedClass}. */
    public double thresholdFor(int predictedClass) {
        return perClass == null ? global : perClass.get(predictedClass);
    }
}
