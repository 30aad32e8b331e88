package org.oodmonitor.inference.scoring;

import java.util.Map;
import org.oodmonitor.inference.detector.Alert;

/**
 * The monitor's decision on one example.
 *
 * @param predictedClass index of the largest logit
 * @param predictedLabel that class's label
 * @param score the minimum distance score: the largest logit; lower means more likely OOD
 * @param minDistance the smallest scaled distance to a class prototype ({@code -score})
 * @param threshold the minimum-distance-score threshold of the predicted class
 * @param ood whether the example is OOD: the alert's decision when there is one, else {@code score
 *     < threshold}
 * @param alert the model's alert detector's result, or null when the decision is on the minimum
 *     distance score alone
 * @param statistics the input's values of the model's shift reference statistics besides the
 *     minimum distance score (the entropic score, and pixel statistics for images), or null for a
 *     model without a shift reference
 */
public record Verdict(
        int predictedClass,
        String predictedLabel,
        double score,
        double minDistance,
        double threshold,
        boolean ood,
        Alert alert,
        Map<String, Double> statistics) {}
