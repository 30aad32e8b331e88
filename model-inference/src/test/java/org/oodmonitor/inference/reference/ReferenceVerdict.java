package org.oodmonitor.inference.reference;

/**
 * What the reference implementation decides for one input.
 *
 * @param predicted index of the largest logit
 * @param score the minimum distance score (the largest logit)
 * @param decisionValue the value compared with the threshold: the alert detector's score, or the
 *     minimum distance score for a model without one
 * @param threshold below it the input is OOD
 * @param ood whether the input is OOD
 * @param clear whether {@code decisionValue} is far enough from {@code threshold} (relative margin
 *     {@link ReferenceVerdicts#MARGIN}) that rounding differences between two implementations
 *     cannot change the decision
 */
public record ReferenceVerdict(
        int predicted,
        double score,
        double decisionValue,
        double threshold,
        boolean ood,
        boolean clear) {}
