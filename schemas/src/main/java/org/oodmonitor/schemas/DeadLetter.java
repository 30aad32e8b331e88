package org.oodmonitor.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A record the monitor could not process, with the reason and its source coordinates (schema {@code
 * dead-letter}, version {@value #VERSION}).
 *
 * @param schemaVersion the record's schema version
 * @param originalTopic the topic it was read from
 * @param originalPartition its partition, or -1 outside Kafka
 * @param originalOffset its offset, or -1 outside Kafka
 * @param originalTimestamp its Kafka timestamp, or null
 * @param originalKey its key, or null
 * @param payload the raw value, possibly cut to the dead-letter payload limit
 * @param payloadSize size of the full original value in bytes
 * @param payloadTruncated whether {@code payload} was cut
 * @param errorCode the kind of error
 * @param errorMessage what is wrong, for a person
 * @param deadLetterTime when the record was dead-lettered, epoch milliseconds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
        int schemaVersion,
        String originalTopic,
        int originalPartition,
        long originalOffset,
        Long originalTimestamp,
        byte[] originalKey,
        byte[] payload,
        int payloadSize,
        boolean payloadTruncated,
        ErrorCode errorCode,
        String errorMessage,
        long deadLetterTime)
        implements Serializable {

    /** The version this code writes. */
    public static final int VERSION = 3;

    /**
     * A dead letter for {@code value}, keeping at most {@code maxPayloadBytes} of it.
     *
     * @throws IllegalArgumentException if {@code maxPayloadBytes} is negative
     */
    public static DeadLetter of(
            String topic,
            int partition,
            long offset,
            Long timestamp,
            byte[] key,
            byte[] value,
            int maxPayloadBytes,
            ErrorCode code,
            String message,
            long now) {
        if (maxPayloadBytes < 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be >= 0: " + maxPayloadBytes);
        }
        byte[] bytes = value == null ? new byte[0] : value;
        boolean truncated = bytes.length > maxPayloadBytes;
        byte[] kept = truncated ? Arrays.copyOf(bytes, maxPayloadBytes) : bytes;
        return new DeadLetter(
                VERSION,
                topic,
                partition,
                offset,
                timestamp,
                key,
                kept,
                bytes.length,
                truncated,
                code,
                message,
                now);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter other
                && schemaVersion == other.schemaVersion
                && originalTopic.equals(other.originalTopic)
                && originalPartition == other.originalPartition
                && originalOffset == other.originalOffset
                && Objects.equals(originalTimestamp, other.originalTimestamp)
                && Arrays.equals(originalKey, other.originalKey)
                && Arrays.equals(payload, other.payload)
                && payloadSize == other.payloadSize
                && payloadTruncated == other.payloadTruncated
                && errorCode == other.errorCode
                && errorMessage.equals(other.errorMessage)
                && deadLetterTime == other.deadLetterTime;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                originalTopic, originalPartition, originalOffset, errorCode, deadLetterTime);
    }

    @Override
    public String toString() {
        return "DeadLetter[%s-%d@%d, %s: %s, %d bytes]"
                .formatted(
                        originalTopic,
                        originalPartition,
                        originalOffset,
                        errorCode,
                        errorMessage,
                        payloadSize);
    }
}
