package org.oodmonitor.job.source;

import java.io.Serializable;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.schemas.DeadLetter;

/**
 * What one input record became at the source: a valid event, or the dead letter that says why it is
 * not one. Exactly one of the two is set, so a bad record travels on as data instead of failing the
 * source.
 *
 * @param event the parsed event, or null
 * @param deadLetter why the record could not be parsed, or null
 */
@Internal
public record ParsedRecord(MonitorEvent event, DeadLetter deadLetter) implements Serializable {

    /**
     * @throws IllegalArgumentException unless exactly one of the two is set
     */
    public ParsedRecord {
        if ((event == null) == (deadLetter == null)) {
            throw new IllegalArgumentException("exactly one of event and dead letter must be set");
        }
    }

    public static ParsedRecord of(MonitorEvent event) {
        return new ParsedRecord(event, null);
    }

    public static ParsedRecord failed(DeadLetter deadLetter) {
        return new ParsedRecord(null, deadLetter);
    }

    public boolean isEvent() {
        return event != null;
    }

    /** The record's Flink timestamp: the event time of an event, else the Kafka timestamp. */
    public long timestamp() {
        if (event != null) {
            return event.eventTime();
        }
        Long kafka = deadLetter.originalTimestamp();
        return kafka == null ? 0L : kafka;
    }
}
