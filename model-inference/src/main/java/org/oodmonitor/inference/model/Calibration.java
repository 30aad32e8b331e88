package org.oodmonitor.inference.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Thresholds on the minimum distance score: an event whose score is below the threshold is OOD.
 *
 * @param score the score the thresholds apply to ({@code mds})
 * @param threshold the global threshold
 * @param tpr the in-distribution true positive rate it was calibrated at
 * @param perClassThresholds one threshold per predicted class, or null
 * @param validationCount how many in-distribution validation events it was calibrated on
 * @param validationSource what those events were
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Calibration(
        String score,
        double threshold,
        double tpr,
        List<Double> perClassThresholds,
        int validationCount,
        String validationSource) {

    /** The threshold for an event predicted as {@code predictedClass}. */
    public double thresholdFor(int predictedClass) {
        return perClassThresholds == null ? threshold : perClassThresholds.get(predictedClass);
    }
}
