package org.oodmonitor.job.operators;

import org.apache.flink.util.OutputTag;
import org.oodmonitor.job.scoring.ProcessingClock;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.ErrorCode;

/** The side output every operator sends bad records to, and how dead letters are made. */
public final class DeadLetters {

    /** Side output of records that cannot be processed. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

    /** Raw values are kept in a dead letter up to this size. */
    public static final int MAX_PAYLOAD_BYTES = 1024 * 1024;

    private DeadLetters() {}

    /** A dead letter for {@code raw}, timed by {@code clock}. */
    public static DeadLetter of(
            RawRecord raw, ErrorCode code, String message, ProcessingClock clock) {
        return DeadLetter.of(
                raw.topic(),
                raw.partition(),
                raw.offset(),
                raw.timestamp() < 0 ? null : raw.timestamp(),
                raw.key(),
                raw.value(),
                MAX_PAYLOAD_BYTES,
                code,
                message,
                clock.timeOf(raw));
    }
}
