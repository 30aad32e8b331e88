package org.oodmonitor.job.scoring;

import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.ShadowVerdict;

/**
 * A score on its way through the job: the record written to the topics, and what only the job's own
 * operators need of it and never write.
 *
 * @param score the score record, as written
 * @param shadow the shadow version's verdict on the same event, which the window counts agreement
 *     with; null without a shadow version
 * @param modelLocation where a version deployed through the control topic lives, so that the window
 *     operator can read its shift reference; null for a configured version
 * @param platform the machine and thread count that scored the event ({@link
 *     ScoringPlatform#describe()}), which the score sinks name in a header so that an audit can
 *     tell on which CPU the live job scored; null where nothing names it
 * @param confidence the model's probability of its predicted class (the largest softmax probability
 *     of the logits), which the quality windows calibrate against delayed labels; NaN where it is
 *     not known
 */
@Internal
public record ScoredEvent(
        OodScore score,
        ShadowVerdict shadow,
        String modelLocation,
        String platform,
        double confidence)
        implements Serializable {

    public ScoredEvent {
        Objects.requireNonNull(score, "score");
    }

    /** An event whose confidence is not known. */
    public ScoredEvent(
            OodScore score, ShadowVerdict shadow, String modelLocation, String platform) {
        this(score, shadow, modelLocation, platform, Double.NaN);
    }

    /** A score alone: no shadow verdict, a configured version, no platform named. */
    public static ScoredEvent of(OodScore score) {
        return new ScoredEvent(score, null, null, null);
    }

    /** This event with another source, for example to pool many rare sources into one. */
    public ScoredEvent withSource(String source) {
        return new ScoredEvent(
                score.withSource(source), shadow, modelLocation, platform, confidence);
    }
}
