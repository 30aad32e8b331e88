package org.oodmonitor.job.source;

import java.util.Arrays;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.text.Printable;

/** How dead letters are made, and the limits that keep one writable. */
@Internal
public final class DeadLetters {

    /**
     * Raw values are kept in a dead letter up to this size. Base64 makes the payload a third
     * larger, and the dead letter must stay well under Kafka's default 1 MB record limit: a dead
     * letter the sink cannot write would fail the job on every restart.
     */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    /**
     * Error messages and keys are cut to these sizes: a validator lists every problem, so a 260 KB
     * record of 65,536 NaNs would otherwise give a 2.5 MB message, and a dead letter the sink
     * cannot write would fail the job on every restart.
     */
    public static final int MAX_MESSAGE_CHARS = 8 * 1024;

    public static final int MAX_KEY_BYTES = 16 * 1024;

    private DeadLetters() {}

    /** A dead letter for {@code raw}, timed by {@code clock}. */
    public static DeadLetter of(
            RawRecord raw, ErrorCode code, String message, ProcessingClock clock) {
        return DeadLetter.of(
                raw.topic(),
                raw.partition(),
                raw.offset(),
                raw.timestamp() < 0 ? null : raw.timestamp(),
                raw.key() == null || raw.key().length <= MAX_KEY_BYTES
                        ? raw.key()
                        : Arrays.copyOf(raw.key(), MAX_KEY_BYTES),
                raw.value(),
                MAX_PAYLOAD_BYTES,
                code,
                printable(message),
                clock.timeOf(raw));
    }

    /**
     * The message cut to {@link #MAX_MESSAGE_CHARS}, with the control and bidirectional characters
     * that record fields bring into it (an event id with ESC or a newline) escaped, so that no
     * reader of the dead-letter topic sees a forged line or a terminal control sequence. Escaping
     * after the cut also mends a surrogate pair the cut split.
     */
    static String printable(String message) {
        return Printable.of(
                message.length() <= MAX_MESSAGE_CHARS
                        ? message
                        : message.substring(0, MAX_MESSAGE_CHARS)
                                + "... (cut; "
                                + message.length()
                                + " characters in all)");
    }
}
