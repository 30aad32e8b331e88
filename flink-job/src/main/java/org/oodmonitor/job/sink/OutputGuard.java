package org.oodmonitor.job.sink;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Set;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordMapper;
import org.oodmonitor.schemas.text.Printable;
import org.oodmonitor.schemas.validation.RecordValidator;
import org.oodmonitor.schemas.validation.ValidationLimits;
import org.oodmonitor.schemas.validation.ValidationReport;

/**
 * The one size guard of every sink: a record the producer could not send (larger than {@code
 * ood.limits.max-output-bytes}) fails its transaction, and the job on every restart, so it is
 * replaced by a dead letter that names it and keeps its start. The record types a sink writes
 * seldom (windows, shift alerts, statuses, dead letters) are checked against their schema too,
 * since a record its readers would refuse is lost all the same; scores and alerts, thousands a
 * second, are built from events their schemas already bound, and the integration tests read them
 * back through the validating reader.
 */
@Internal
public final class OutputGuard implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The smallest limit: room for a dead letter's fixed fields, a cut key and message. */
    public static final int MIN_BYTES = 4096;

    private static final Set<String> VALIDATED =
            Set.of(
                    RecordType.OOD_RATE_WINDOW.name(),
                    RecordType.SHIFT_ALERT.name(),
                    RecordType.CONTROL_STATUS.name(),
                    RecordType.DEAD_LETTER.name());

    private final String typeName;
    private final String topic;
    private final int maxBytes;
    private transient RecordValidator validator;
    private transient com.fasterxml.jackson.databind.ObjectMapper mapper;

    /**
     * @param type the records' type
     * @param topic the topic the sink writes them to
     * @param maxBytes the largest record written, {@code ood.limits.max-output-bytes}
     */
    public OutputGuard(RecordType<?> type, String topic, int maxBytes) {
        if (maxBytes < MIN_BYTES) {
            throw new IllegalArgumentException(
                    "ood.limits.max-output-bytes must be >= " + MIN_BYTES + ", was " + maxBytes);
        }
        this.typeName = type.name();
        this.topic = topic;
        this.maxBytes = maxBytes;
    }

    /**
     * Why the serialized record {@code value} must not be written as it is, on one line, or null
     * when it may.
     */
    public String problem(byte[] value) {
        if (value.length > maxBytes) {
            return "a "
                    + typeName
                    + " record of "
                    + value.length
                    + " bytes for topic "
                    + topic
                    + " is larger than ood.limits.max-output-bytes ("
                    + maxBytes
                    + ")";
        }
        if (!VALIDATED.contains(typeName)) {
            return null;
        }
        ValidationReport report;
        try {
            report = validator().validate(RecordType.byName(typeName), mapper.readTree(value));
        } catch (java.io.IOException e) {
            return "a " + typeName + " record for topic " + topic + " is not JSON: " + e;
        }
        return report.isValid()
                ? null
                : "the monitor made a "
                        + typeName
                        + " record for topic "
                        + topic
                        + " that its schema refuses: "
                        + report.summary();
    }

    /**
     * The dead letter that takes the place of {@code value}: its topic as the original topic, its
     * start as the payload, the problem as the message.
     */
    public DeadLetter deadLetter(byte[] value, String problem, long now) {
        return DeadLetter.of(
                topic,
                -1,
                -1,
                null,
                null,
                value,
                payloadBytes(),
                value.length > maxBytes ? ErrorCode.OVERSIZED_RECORD : ErrorCode.PROCESSING_FAILED,
                Printable.cut(problem, messageChars()),
                now);
    }

    /**
     * {@code letter} with its payload and message cut so that it fits the limit: a dead letter
     * carries a large input's first bytes, which a lower limit than the default may not hold.
     */
    public DeadLetter fit(DeadLetter letter) {
        int keep = Math.min(letter.payload().length, payloadBytes());
        byte[] key = letter.originalKey();
        return new DeadLetter(
                letter.schemaVersion(),
                letter.originalTopic(),
                letter.originalPartition(),
                letter.originalOffset(),
                letter.originalTimestamp(),
                key == null || key.length <= 1024 ? key : Arrays.copyOf(key, 1024),
                Arrays.copyOf(letter.payload(), keep),
                letter.payloadSize(),
                letter.payloadTruncated() || keep < letter.payload().length,
                letter.errorCode(),
                Printable.cut(letter.errorMessage(), messageChars()),
                letter.deadLetterTime());
    }

    public boolean guardsDeadLetters() {
        return RecordType.DEAD_LETTER.name().equals(typeName);
    }

    /** A dead letter's message, in characters: each takes at most 4 bytes of JSON. */
    private int messageChars() {
        return Math.max(64, Math.min(8 * 1024, maxBytes / 16));
    }

    /**
     * The payload a dead letter keeps: what is left beside the message, the cut key (1 KiB, 1.4 KiB
     * in base64) and the fixed fields, less a third for base64.
     */
    private int payloadBytes() {
        long left = (long) maxBytes - 4L * messageChars() - MIN_BYTES;
        return (int) Math.max(0, Math.min(256 * 1024, left / 4 * 3));
    }

    private RecordValidator validator() {
        if (validator == null) {
            validator = new RecordValidator(ValidationLimits.defaults());
            mapper = RecordMapper.create();
        }
        return validator;
    }
}
