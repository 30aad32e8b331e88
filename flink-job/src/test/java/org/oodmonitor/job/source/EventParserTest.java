package org.oodmonitor.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.FeatureEvent;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;
import org.oodmonitor.schemas.validation.ValidationLimits;

/** Every raw record becomes an event or a dead letter with its coordinates; nothing throws. */
class EventParserTest {

    // Replays take processing time from the Kafka timestamp: a fixed, known "now".
    private static final long NOW = 1_767_225_600_000L;
    private static final EventParser FEATURES =
            new EventParser(
                    false,
                    ValidationLimits.defaults(),
                    new EventTimeGuard(Duration.ofMinutes(5), Duration.ofDays(30)),
                    ProcessingClock.RECORD_TIMESTAMP);

    private static RawRecord record(byte[] value) {
        return new RawRecord("features", 3, 42, NOW, "k".getBytes(StandardCharsets.UTF_8), value);
    }

    private static byte[] event(long eventTime) {
        return new RecordWriter<>(RecordType.FEATURE_EVENT)
                .write(
                        new FeatureEvent(
                                FeatureEvent.VERSION,
                                "e1",
                                "api",
                                null,
                                eventTime,
                                new float[] {1, 2},
                                null));
    }

    private static DeadLetter deadLetter(RawRecord raw) {
        ParsedRecord parsed = FEATURES.parse(raw);
        assertThat(parsed.isEvent()).as("%s", parsed).isFalse();
        DeadLetter d = parsed.deadLetter();
        assertThat(d.originalTopic()).isEqualTo("features");
        assertThat(d.originalPartition()).isEqualTo(3);
        assertThat(d.originalOffset()).isEqualTo(42);
        assertThat(d.originalKey()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
        assertThat(d.deadLetterTime()).isEqualTo(NOW);
        return d;
    }

    @Test
    void validEventWithinTheRangeIsParsedWithItsEventTimeAsTimestamp() {
        ParsedRecord parsed = FEATURES.parse(record(event(NOW - 60_000)));
        assertThat(parsed.isEvent()).isTrue();
        assertThat(parsed.event().eventId()).isEqualTo("e1");
        assertThat(parsed.timestamp()).isEqualTo(NOW - 60_000);
    }

    @Test
    void tombstoneAndEmptyValueAreDeadLetters() {
        DeadLetter tombstone = deadLetter(record(null));
        assertThat(tombstone.errorCode()).isEqualTo(ErrorCode.EMPTY_RECORD);
        assertThat(tombstone.errorMessage()).contains("tombstone");
        assertThat(tombstone.payloadSize()).isZero();
        assertThat(deadLetter(record(new byte[0])).errorCode()).isEqualTo(ErrorCode.EMPTY_RECORD);
    }

    @Test
    void eventTimesOutsideTheGuardAreDeadLettersNamingTheOption() {
        long tenYears = Duration.ofDays(3650).toMillis();
        DeadLetter future = deadLetter(record(event(NOW + tenYears)));
        assertThat(future.errorCode()).isEqualTo(ErrorCode.EVENT_TIME_OUT_OF_RANGE);
        assertThat(future.errorMessage()).contains("ahead").contains("ood.event-time.max-future");
        DeadLetter old = deadLetter(record(event(NOW - Duration.ofDays(31).toMillis())));
        assertThat(old.errorCode()).isEqualTo(ErrorCode.EVENT_TIME_OUT_OF_RANGE);
        assertThat(old.errorMessage()).contains("behind").contains("ood.event-time.max-age");
        // The bounds themselves are accepted.
        assertThat(FEATURES.parse(record(event(NOW + 300_000))).isEvent()).isTrue();
        assertThat(FEATURES.parse(record(event(NOW - Duration.ofDays(30).toMillis()))).isEvent())
                .isTrue();
    }

    @Test
    void malformedAndDeeplyNestedJsonAreDeadLettersNotExceptions() {
        assertThat(deadLetter(record("{\"a\":".getBytes(StandardCharsets.UTF_8))).errorCode())
                .isEqualTo(ErrorCode.MALFORMED_JSON);
        String nested = "[".repeat(100_000) + "]".repeat(100_000);
        ErrorCode code = deadLetter(record(nested.getBytes(StandardCharsets.UTF_8))).errorCode();
        assertThat(code).isEqualTo(ErrorCode.MALFORMED_JSON);
    }

    @Test
    void guardRejectsNegativeBounds() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new EventTimeGuard(Duration.ofMinutes(-1), null))
                .hasMessageContaining("ood.event-time.max-future");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new EventTimeGuard(Duration.ofMinutes(1), Duration.ofMinutes(-1)))
                .hasMessageContaining("ood.event-time.max-age");
        assertThat(new EventTimeGuard(Duration.ofMinutes(1), Duration.ZERO).maxAge())
                .as("0: no limit")
                .isNull();
    }

    /**
     * #19 B3: a day-old event every 3 s on one partition held every window back for the whole
     * trickle, since no age limit was on by default. Fails when the default has no age limit or
     * measures age against anything but the record's Kafka timestamp.
     */
    @Test
    void theDefaultAgeLimitIsTenMinutesBehindTheKafkaTimestamp() {
        EventTimeGuard guard = EventTimeGuard.defaults();
        long day = Duration.ofDays(1).toMillis();
        long tenMinutes = Duration.ofMinutes(10).toMillis();
        assertThat(guard.check(NOW - day, NOW, NOW))
                .get()
                .asString()
                .contains("behind its Kafka record timestamp")
                .contains("ood.event-time.max-age");
        assertThat(guard.check(NOW - tenMinutes, NOW, NOW)).isEmpty();
        assertThat(guard.check(NOW - tenMinutes - 1, NOW, NOW)).isPresent();
        // A backlog read an hour late: its record timestamps are as old as its events.
        assertThat(guard.check(NOW - day, NOW, NOW - day + 1000)).isEmpty();
        // Records from outside Kafka carry no timestamp and no age check.
        assertThat(guard.check(0, NOW, -1)).isEmpty();
    }

    /**
     * Event times at the ends of the long range must not wrap around in the guard's subtraction
     * ({@code NOW - Long.MIN_VALUE} overflowed to a negative age, accepted). The schema refuses
     * negative event times before the guard sees them; the guard must not rely on it. Seen to fail
     * with plain subtraction.
     */
    @Test
    void eventTimesAtTheEndsOfTheRangeAreRefusedNotWrappedAround() {
        EventTimeGuard guard = EventTimeGuard.defaults();
        assertThat(guard.check(Long.MIN_VALUE, NOW, NOW))
                .get()
                .asString()
                .contains("ood.event-time.max-age");
        assertThat(guard.check(Long.MIN_VALUE + 1, NOW, NOW))
                .get()
                .asString()
                .contains("ood.event-time.max-age");
        assertThat(guard.check(Long.MAX_VALUE, NOW, NOW))
                .get()
                .asString()
                .contains("ood.event-time.max-future");
        assertThat(guard.check(Long.MAX_VALUE, -NOW, -1))
                .get()
                .asString()
                .contains("ood.event-time.max-future");
    }
}
