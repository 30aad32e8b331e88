package org.oodmonitor.inference.detector;

import java.util.List;

/**
 * An {@link AlertDetector}'s result for one input.
 *
 * @param score the smallest weighted tail probability of any component; lower means more likely OOD
 * @param threshold the detector's calibrated threshold
 * @param fired the components whose own weighted tail probability is below the threshold, most
 *     unusual first; empty when the input is in distribution
 */
public record Alert(double score, double threshold, List<String> fired) {

    /** Whether the input is OOD: its score is below the threshold. */
    public boolean isOod() {
        return score < threshold;
    }
}
