package org.oodmonitor.job.scoring;

import java.util.ArrayList;
import java.util.List;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.training.model.ModelManifest;

/** Builds the {@link OodScore} record of one event from its logits. */
public final class ScoreBuilder {

    private ScoreBuilder() {}

    /**
     * @param threshold the threshold for the predicted class, or null to use the calibrated one
     * @throws IllegalStateException when the model has no calibration and no override
     */
    public static OodScore of(
            MonitorEvent event,
            float[] logits,
            ModelManifest manifest,
            String manifestSha256,
            Double thresholdOverride,
            boolean withClassDistances,
            long now) {
        int predicted = org.oodmonitor.training.scoring.OodScore.argMax(logits);
        double score = org.oodmonitor.training.scoring.OodScore.MDS.of(logits);
        double threshold;
        if (thresholdOverride != null) {
            threshold = thresholdOverride;
        } else if (manifest.calibration() != null) {
            threshold = manifest.calibration().thresholdFor(predicted);
        } else {
            throw new IllegalStateException(
                    "model "
                            + manifest.name()
                            + " is not calibrated and has no threshold override");
        }
        List<Double> distances = null;
        if (withClassDistances) {
            distances = new ArrayList<>();
            for (float l : logits) {
                distances.add(Math.max(0.0, -l));
            }
        }
        return new OodScore(
                OodScore.VERSION,
                event.eventId(),
                event.source(),
                event.eventTime(),
                manifest.name(),
                manifest.version(),
                manifestSha256,
                predicted,
                manifest.classLabels().get(predicted),
                Math.max(0.0, -score),
                score,
                threshold,
                score < threshold,
                distances,
                now,
                event.attributes());
    }
}
