package org.oodmonitor.job.source;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * The accepted range of event times around processing time. An event outside it (a device with a
 * wrong clock, a replayed archive far older than anything monitored) never reaches a watermark or a
 * window: it would drag the watermark years ahead, turn every later event into a late one, and
 * produce output records a Kafka broker refuses.
 *
 * @param maxFuture how far ahead of processing time an event time may be
 * @param maxAge how far behind processing time an event time may be, or null for no limit
 */
public record EventTimeGuard(Duration maxFuture, Duration maxAge) implements Serializable {

    /**
     * @throws IllegalArgumentException for a negative duration
     */
    public EventTimeGuard {
        if (maxFuture == null || maxFuture.isNegative()) {
            throw new IllegalArgumentException(
                    "ood.event-time.max-future must be >= 0, was " + maxFuture);
        }
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("ood.event-time.max-age must be > 0, was " + maxAge);
        }
    }

    /** At most 5 minutes ahead, no limit behind. */
    public static EventTimeGuard defaults() {
        return new EventTimeGuard(Duration.ofMinutes(5), null);
    }

    /**
     * Why {@code eventTime} is out of range at processing time {@code now}, or null when it is
     * accepted.
     */
    public String check(long eventTime, long now) {
        long ahead = eventTime - now;
        if (ahead > maxFuture.toMillis()) {
            return "event_time "
                    + Instant.ofEpochMilli(eventTime)
                    + " is "
                    + Duration.ofMillis(ahead)
                    + " ahead of processing time "
                    + Instant.ofEpochMilli(now)
                    + "; at most "
                    + maxFuture
                    + " is accepted (ood.event-time.max-future)";
        }
        if (maxAge != null && -ahead > maxAge.toMillis()) {
            return "event_time "
                    + Instant.ofEpochMilli(eventTime)
                    + " is "
                    + Duration.ofMillis(-ahead)
                    + " behind processing time "
                    + Instant.ofEpochMilli(now)
                    + "; at most "
                    + maxAge
                    + " is accepted (ood.event-time.max-age)";
        }
        return null;
    }
}
