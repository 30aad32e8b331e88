package org.oodmonitor.job.source;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.flink.annotation.PublicEvolving;
import org.oodmonitor.job.config.SourceOptions;

/**
 * The accepted range of event times. An event outside it (a device with a wrong clock, a replayed
 * archive far older than anything monitored) never reaches a watermark or a window: one far ahead
 * would drag the watermark ahead, turn every later event into a late one, and produce output
 * records a Kafka broker refuses; a trickle of old events on one partition would hold that
 * partition's watermark, and so every window, back for as long as it lasts.
 *
 * <p>The future bound is measured against processing time. The age bound is measured against the
 * input record's Kafka timestamp, when it has one: the time the event reached Kafka, the same in
 * the live job and in any replay, and unaffected by how far the job lags behind (a backlog after an
 * outage is not refused). A hostile producer can set old Kafka timestamps too; topics with {@code
 * message.timestamp.type=LogAppendTime} take that away.
 *
 * @param maxFuture how far ahead of processing time an event time may be
 * @param maxAge how far behind its Kafka record timestamp an event time may be; null or zero for no
 *     limit
 */
@PublicEvolving
public record EventTimeGuard(Duration maxFuture, Duration maxAge) implements Serializable {

    /**
     * @throws IllegalArgumentException for a negative duration
     */
    public EventTimeGuard {
        if (maxFuture == null || maxFuture.isNegative()) {
            throw new IllegalArgumentException(
                    SourceOptions.EVENT_TIME_MAX_FUTURE.key() + " must be >= 0, was " + maxFuture);
        }
        if (maxAge != null && maxAge.isNegative()) {
            throw new IllegalArgumentException(
                    SourceOptions.EVENT_TIME_MAX_AGE.key()
                            + " must be >= 0 (0: no limit), was "
                            + maxAge);
        }
        if (maxAge != null && maxAge.isZero()) {
            maxAge = null;
        }
    }

    /** At most 5 minutes ahead of processing time and 10 minutes behind the record's timestamp. */
    public static EventTimeGuard defaults() {
        return new EventTimeGuard(
                SourceOptions.EVENT_TIME_MAX_FUTURE.defaultValue(),
                SourceOptions.EVENT_TIME_MAX_AGE.defaultValue());
    }

    /**
     * Why {@code eventTime} is out of range at processing time {@code now} for a record stamped
     * {@code recordTimestamp} by Kafka (negative: none, no age check); empty when it is accepted.
     */
    public Optional<String> check(long eventTime, long now, long recordTimestamp) {
        long ahead = difference(eventTime, now);
        if (ahead > maxFuture.toMillis()) {
            return Optional.of(
                    "event_time "
                            + Instant.ofEpochMilli(eventTime)
                            + " is "
                            + Duration.ofMillis(ahead)
                            + " ahead of processing time "
                            + Instant.ofEpochMilli(now)
                            + "; at most "
                            + maxFuture
                            + " is accepted (ood.event-time.max-future)");
        }
        long age = difference(recordTimestamp, eventTime);
        if (maxAge != null && recordTimestamp >= 0 && age > maxAge.toMillis()) {
            return Optional.of(
                    "event_time "
                            + Instant.ofEpochMilli(eventTime)
                            + " is "
                            + Duration.ofMillis(age)
                            + " behind its Kafka record timestamp "
                            + Instant.ofEpochMilli(recordTimestamp)
                            + "; at most "
                            + maxAge
                            + " is accepted (ood.event-time.max-age)");
        }
        return Optional.empty();
    }

    /** {@code a - b}, saturated at the ends of the long range instead of wrapping around. */
    private static long difference(long a, long b) {
        long d = a - b;
        // Overflow when the operands' signs differ and the result's sign differs from a's.
        if (((a ^ b) & (a ^ d)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return d;
    }
}
