package org.oodmonitor.job.source;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.oodmonitor.inference.scoring.EventInput;
import org.oodmonitor.inference.scoring.Outcome;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.FeatureEvent;
import org.oodmonitor.schemas.ImageEvent;
import org.oodmonitor.schemas.ImagePayload;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.FastEventReader;
import org.oodmonitor.schemas.serialization.ReadResult;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * Turns one raw input record into a {@link ParsedRecord}; never throws. Current-version events go
 * through {@link FastEventReader}'s streaming parse; what it does not vouch for goes through the
 * schema validator, which accepts or explains it. A tombstone or empty value, bytes that are not a
 * valid event, an event time outside the {@link EventTimeGuard}, or any unexpected failure while
 * parsing becomes a dead letter with the record's coordinates.
 */
@Internal
public final class EventParser implements Serializable {

    private static final long serialVersionUID = 1L;

    private final boolean images;
    private final ValidationLimits limits;
    private final EventTimeGuard guard;
    private final ProcessingClock clock;
    private final boolean fastPath;
    private transient FastEventReader fastReader;
    private transient RecordReader<ImageEvent> imageReader;
    private transient RecordReader<FeatureEvent> featureReader;

    /**
     * @param images whether the records are image events (else feature events)
     * @param clock gives processing time, for the guard and the dead letters
     */
    public EventParser(
            boolean images, ValidationLimits limits, EventTimeGuard guard, ProcessingClock clock) {
        this(images, limits, guard, clock, true);
    }

    private EventParser(
            boolean images,
            ValidationLimits limits,
            EventTimeGuard guard,
            ProcessingClock clock,
            boolean fastPath) {
        this.images = images;
        this.limits = limits;
        this.guard = guard;
        this.clock = clock;
        this.fastPath = fastPath;
    }

    /** This parser without the fast path: every record through the schema validator. */
    @VisibleForTesting
    public EventParser validatorOnly() {
        return new EventParser(images, limits, guard, clock, false);
    }

    /** Whether this parser reads image events (else feature events). */
    public boolean images() {
        return images;
    }

    /** The event in {@code raw}, or the dead letter saying why there is none. */
    public ParsedRecord parse(RawRecord raw) {
        try {
            return parseOrFail(raw);
        } catch (RuntimeException | StackOverflowError e) {
            Outcome.Failed failed = Outcome.Failed.unexpected("parsing", e);
            return failed(raw, failed.code(), failed.message());
        }
    }

    private ParsedRecord parseOrFail(RawRecord raw) {
        if (raw.value() == null) {
            return failed(raw, ErrorCode.EMPTY_RECORD, "tombstone: the record has no value");
        }
        if (raw.value().length == 0) {
            return failed(raw, ErrorCode.EMPTY_RECORD, "the record's value is empty (0 bytes)");
        }
        MonitorEvent event;
        if (images) {
            ImageEvent e = fastPath ? fastReader().readImage(raw.value()) : null;
            if (e == null) {
                ReadResult<ImageEvent> result = imageReader().read(raw.value());
                if (!result.isOk()) {
                    return failed(raw, result.errorCode(), result.errorMessage());
                }
                e = result.value();
            }
            event = toEvent(e, raw);
        } else {
            FeatureEvent e = fastPath ? fastReader().readFeatures(raw.value()) : null;
            if (e == null) {
                ReadResult<FeatureEvent> result = featureReader().read(raw.value());
                if (!result.isOk()) {
                    return failed(raw, result.errorCode(), result.errorMessage());
                }
                e = result.value();
            }
            event =
                    new MonitorEvent(
                            e.eventId(),
                            e.source(),
                            e.modelName(),
                            e.eventTime(),
                            new EventInput.Vector(e.features()),
                            copy(e.attributes()),
                            raw);
        }
        var outOfRange = guard.check(event.eventTime(), clock.timeOf(raw), raw.timestamp());
        if (outOfRange.isPresent()) {
            return failed(raw, ErrorCode.EVENT_TIME_OUT_OF_RANGE, outOfRange.get());
        }
        return ParsedRecord.of(event);
    }

    private ParsedRecord failed(RawRecord raw, ErrorCode code, String message) {
        return ParsedRecord.failed(DeadLetters.of(raw, code, message, clock));
    }

    private FastEventReader fastReader() {
        if (fastReader == null) {
            fastReader = new FastEventReader(limits);
        }
        return fastReader;
    }

    private RecordReader<ImageEvent> imageReader() {
        if (imageReader == null) {
            imageReader = new RecordReader<>(RecordType.IMAGE_EVENT, limits);
        }
        return imageReader;
    }

    private RecordReader<FeatureEvent> featureReader() {
        if (featureReader == null) {
            featureReader = new RecordReader<>(RecordType.FEATURE_EVENT, limits);
        }
        return featureReader;
    }

    private static MonitorEvent toEvent(ImageEvent e, RawRecord raw) {
        ImagePayload image = e.image();
        return new MonitorEvent(
                e.eventId(),
                e.source(),
                e.modelName(),
                e.eventTime(),
                new EventInput.Image(
                        image.encoding().wireName(),
                        image.data(),
                        image.height() == null ? 0 : image.height(),
                        image.width() == null ? 0 : image.width(),
                        image.channels() == null ? 1 : image.channels()),
                copy(e.attributes()),
                raw);
    }

    private static Map<String, String> copy(Map<String, String> attributes) {
        return attributes == null ? null : new HashMap<>(attributes);
    }
}
