package org.oodmonitor.job.labels;

import java.io.Serializable;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.LabelEvent;

/**
 * A valid label on its way to the join, with the record it was read from, for its dead letter.
 *
 * @param label the label
 * @param raw the Kafka record it came from
 */
@Internal
public record LabelRecord(LabelEvent label, RawRecord raw) implements Serializable {}
