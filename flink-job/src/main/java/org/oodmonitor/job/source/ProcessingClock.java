package org.oodmonitor.job.source;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Where the {@code processing_time} of scores and the {@code dead_letter_time} of dead letters come
 * from: the wall clock in the live job, the input record's Kafka timestamp in replays, so that
 * replaying the same records twice gives the same bytes.
 */
@PublicEvolving
public enum ProcessingClock {
    /** The time the monitor handled the record. */
    WALL_CLOCK,
    /**
     * The input record's Kafka timestamp: the earliest moment a live monitor could have handled it
     * (0 for a record without one).
     */
    RECORD_TIMESTAMP;

    /** The processing time of {@code raw} under this clock. */
    public long timeOf(RawRecord raw) {
        if (this == WALL_CLOCK) {
            return System.currentTimeMillis();
        }
        return Math.max(0, raw.timestamp());
    }
}
