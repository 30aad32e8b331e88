package org.oodmonitor.inference.scoring;

import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.preprocess.InputException;
import org.oodmonitor.schemas.ErrorCode;

/**
 * Turns one row of an IsoMax+ model's logits into a {@link Verdict}: the minimum distance score,
 * the smallest scaled distance and the decision under the model's {@link ThresholdRule}.
 */
public final class VerdictFunction {

    private final ModelManifest manifest;
    private final ThresholdRule rule;

    /**
     * @param thresholdOverride a threshold for every class instead of the calibrated ones, or null
     * @throws IllegalArgumentException for a head whose logits are not negative distances, or a
     *     model without a usable threshold
     */
    public VerdictFunction(ModelManifest manifest, Double thresholdOverride) {
        if (!ModelManifest.ISOMAX_PLUS.equals(manifest.head())) {
            throw new IllegalArgumentException(
                    "model "
                            + manifest.name()
                            + " has a '"
                            + manifest.head()
                            + "' head; the monitor serves IsoMax+ models, whose logits are"
                            + " negative distances to class prototypes");
        }
        this.manifest = manifest;
        this.rule = ThresholdRule.of(manifest, thresholdOverride);
    }

    public ThresholdRule rule() {
        return rule;
    }

    /**
     * @throws InputException {@code INFERENCE_FAILED} when the logits are not finite numbers (an
     *     input the model cannot handle numerically)
     */
    public Verdict apply(float[] logits) throws InputException {
        for (float l : logits) {
            if (!Float.isFinite(l)) {
                throw new InputException(
                        ErrorCode.INFERENCE_FAILED,
                        "model " + manifest.name() + " produced a non-finite logit (" + l + ")");
            }
        }
        int predicted = ScoreKind.argMax(logits);
        double score = ScoreKind.MDS.of(logits);
        double threshold = rule.thresholdFor(predicted);
        return new Verdict(
                predicted,
                manifest.classLabels().get(predicted),
                score,
                Math.max(0.0, -score),
                threshold,
                score < threshold);
    }
}
