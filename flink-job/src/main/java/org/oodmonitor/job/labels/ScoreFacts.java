package org.oodmonitor.job.labels;

import org.apache.flink.annotation.Internal;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.schemas.OodScore;

/**
 * What the label join keeps of a score while it waits for its label: a Flink POJO, so that the
 * state needs no Kryo and can evolve.
 */
@Internal
public final class ScoreFacts {

    public String eventId;
    public String source;
    public String modelName;
    public String modelVersion;
    public long eventTime;
    public int predictedClass;
    public String predictedLabel;
    public double score;
    public boolean ood;
    public double confidence;

    public ScoreFacts() {}

    /** The facts of {@code event}. */
    public static ScoreFacts of(ScoredEvent event) {
        OodScore s = event.score();
        ScoreFacts f = new ScoreFacts();
        f.eventId = s.eventId();
        f.source = s.source();
        f.modelName = s.modelName();
        f.modelVersion = s.modelVersion();
        f.eventTime = s.eventTime();
        f.predictedClass = s.predictedClass();
        f.predictedLabel = s.predictedLabel();
        f.score = s.score();
        f.ood = s.isOod();
        f.confidence = event.confidence();
        return f;
    }
}
