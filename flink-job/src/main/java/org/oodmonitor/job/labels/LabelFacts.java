package org.oodmonitor.job.labels;

import org.apache.flink.annotation.Internal;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.LabelEvent;

/**
 * What the label join keeps of a label while it waits for its score, with the coordinates of its
 * record for a dead letter: a Flink POJO.
 */
@Internal
public final class LabelFacts {

    /** The true class index, or -1 when the label names it by {@link #trueLabel}. */
    public int trueClass = -1;

    public String trueLabel;
    public String modelName;
    public long labelTime;
    public String topic;
    public int partition;
    public long offset;
    public long timestamp;
    public byte[] value;

    public LabelFacts() {}

    /** The facts of {@code record}. */
    public static LabelFacts of(LabelRecord record) {
        LabelEvent l = record.label();
        LabelFacts f = new LabelFacts();
        f.trueClass = l.trueClass() == null ? -1 : l.trueClass();
        f.trueLabel = l.trueLabel();
        f.modelName = l.modelName();
        f.labelTime = l.labelTime();
        f.topic = record.raw().topic();
        f.partition = record.raw().partition();
        f.offset = record.raw().offset();
        f.timestamp = record.raw().timestamp();
        f.value = record.raw().value();
        return f;
    }

    /** The record this label was read from. */
    public RawRecord raw() {
        return new RawRecord(topic, partition, offset, timestamp, null, value);
    }

    /**
     * Whether the score's prediction is this label: by index when the label gives one, else by
     * name.
     */
    public boolean isCorrect(ScoreFacts score) {
        return trueClass >= 0
                ? trueClass == score.predictedClass
                : trueLabel.equals(score.predictedLabel);
    }

    /** The true class as the label names it: its index, or its label name. */
    public String trueClassName() {
        return trueClass >= 0 ? Integer.toString(trueClass) : trueLabel;
    }
}
