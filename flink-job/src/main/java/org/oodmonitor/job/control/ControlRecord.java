package org.oodmonitor.job.control;

import java.io.Serializable;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.ModelCommand;

/**
 * One record of the control topic as the command check needs it, small whatever the record's size:
 * the command read from it (or why it is none), where it came from, when it was written, and for a
 * deploy the verdict on its files once they have been checked beside the stream.
 *
 * @param command the command, or null when the record is not one
 * @param unreadable why the record is not a command, or null
 * @param where the record's coordinates, {@code topic-partition@offset}
 * @param recordTime the record's timestamp, the clock its effective time is bounded by
 * @param filesRefusal why a deploy's files were refused, or null when they passed or were not
 *     checked
 */
@Internal
public record ControlRecord(
        ModelCommand command, String unreadable, String where, long recordTime, String filesRefusal)
        implements Serializable {

    /** {@code raw} read by {@code check}, its time the record's timestamp (else {@code now}). */
    public static ControlRecord of(RawRecord raw, CommandCheck check, long now) {
        CommandCheck.Decision read = check.read(raw.value());
        return new ControlRecord(
                read.command(),
                read.command() == null ? read.refusal() : null,
                raw.topic() + "-" + raw.partition() + "@" + raw.offset(),
                raw.timestamp() >= 0 ? raw.timestamp() : now,
                null);
    }

    /** This record with its deploy's files checked: {@code refusal} null when they passed. */
    public ControlRecord withFilesRefusal(String refusal) {
        return new ControlRecord(command, unreadable, where, recordTime, refusal);
    }
}
