package org.oodmonitor.inference.scoring;

/**
 * The monitor's decision on one example.
 *
 * @param predictedClass index of the largest logit
 * @param predictedLabel that class's label
 * @param score the minimum distance score: the largest logit; lower means more likely OOD
 * @param minDistance the smallest scaled distance to a class prototype ({@code -score})
 * @param threshold the threshold that applied to this example
 * @param ood whether {@code score < threshold}
 */
public record Verdict(
        int predictedClass,
        String predictedLabel,
        double score,
        double minDistance,
        double threshold,
        boolean ood) {}
