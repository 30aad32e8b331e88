package org.oodmonitor.job.operators.internal;

import java.util.Optional;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/**
 * Keeps score records the sink cannot write out of the sink: a record over the producer's {@code
 * max.request.size} fails the transaction, and with it the job, on every restart. A score record
 * repeats its event's id, source and attributes, so only a large input can make a large output:
 * records whose input is well under the limit pass unchecked, the others are written once here to
 * measure them.
 */
public final class OutputSizeGuard {

    /**
     * An upper bound of what a score record adds to the strings its input carried: the fixed
     * fields, class distances of up to a thousand classes and the alert reasons.
     */
    public static final int SLACK_BYTES = 64 * 1024;

    private final int maxBytes;
    private final RecordWriter<OodScore> writer = new RecordWriter<>(RecordType.OOD_SCORE);

    public OutputSizeGuard(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Why the score record of {@code raw} cannot be written; empty when it can. */
    public Optional<String> check(RawRecord raw, OodScore score) {
        if (raw.value() != null && raw.value().length + SLACK_BYTES <= maxBytes) {
            return Optional.empty();
        }
        int size = writer.writeUnchecked(score).length;
        return size <= maxBytes
                ? Optional.empty()
                : Optional.of(
                        "its score record would be "
                                + size
                                + " bytes, more than ood.limits.max-output-bytes ("
                                + maxBytes
                                + "); the event's attributes are the likely cause");
    }
}
