package org.oodmonitor.job.scoring;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.scoring.Verdict;
import org.oodmonitor.job.source.MonitorEvent;
import org.oodmonitor.schemas.OodScore;

/** Builds the {@link OodScore} record of one event from its verdict. */
@Internal
public final class ScoreBuilder {

    private ScoreBuilder() {}

    /**
     * @param logits the event's logits, for the per-class distances
     * @param withClassDistances whether to list the scaled distance to every class (an IsoMax+
     *     logit is minus that distance)
     */
    public static OodScore of(
            MonitorEvent event,
            Verdict verdict,
            float[] logits,
            OodModel model,
            boolean withClassDistances,
            long now) {
        List<Double> distances = null;
        if (withClassDistances) {
            distances = new ArrayList<>(logits.length);
            for (float l : logits) {
                distances.add(Math.max(0.0, -l));
            }
        }
        var manifest = model.manifest();
        return new OodScore(
                OodScore.VERSION,
                event.eventId(),
                event.source(),
                event.eventTime(),
                manifest.name(),
                manifest.version(),
                model.manifestSha256(),
                verdict.predictedClass(),
                verdict.predictedLabel(),
                verdict.minDistance(),
                verdict.score(),
                verdict.threshold(),
                verdict.ood(),
                distances,
                now,
                event.attributes(),
                verdict.alert() == null ? null : verdict.alert().score(),
                verdict.alert() == null ? null : verdict.alert().threshold(),
                verdict.alert() == null ? null : verdict.alert().fired(),
                verdict.statistics());
    }
}
