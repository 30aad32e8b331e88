package org.oodmonitor.job.labels;

import org.apache.flink.annotation.Internal;

/**
 * A score whose wait for its label is over: with its label, or without one when none came in time.
 * Every score of a labelled job becomes exactly one of these.
 */
@Internal
public final class LabelledScore {

    public ScoreFacts score;

    /** Its label, or null for a score no label came for. */
    public LabelFacts label;

    public LabelledScore() {}

    public LabelledScore(ScoreFacts score, LabelFacts label) {
        this.score = score;
        this.label = label;
    }

    /** Whether a label came. */
    public boolean isLabelled() {
        return label != null;
    }

    /** Whether the model was right; only for a labelled score. */
    public boolean isCorrect() {
        return label.isCorrect(score);
    }
}
