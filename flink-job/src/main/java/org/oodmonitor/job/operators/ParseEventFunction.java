package org.oodmonitor.job.operators;

import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.oodmonitor.job.scoring.MonitorEvent;
import org.oodmonitor.job.scoring.ProcessingClock;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.FeatureEvent;
import org.oodmonitor.schemas.ImageEvent;
import org.oodmonitor.schemas.ImagePayload;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.ReadResult;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * Parses and validates raw records as image or feature events; a record that is not valid JSON,
 * breaks its schema or a size limit goes to {@link DeadLetters#TAG} with the reason.
 */
public final class ParseEventFunction extends ProcessFunction<RawRecord, MonitorEvent> {

    private static final long serialVersionUID = 1L;

    /** Accumulator of the records read so far, for progress reports of bounded runs. */
    public static final String RECORDS_READ = "records-read";

    private final boolean images;
    private final ValidationLimits limits;
    private final ProcessingClock clock;
    private transient RecordReader<ImageEvent> imageReader;
    private transient RecordReader<FeatureEvent> featureReader;
    private transient Counter eventsIn;
    private transient Counter deadLetters;
    private transient LongCounter recordsRead;

    @Override
    public void open(OpenContext context) {
        eventsIn = getRuntimeContext().getMetricGroup().counter("eventsIn");
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
        recordsRead = new LongCounter();
        getRuntimeContext().addAccumulator(RECORDS_READ, recordsRead);
    }

    /**
     * @param images whether the records are image events (else feature events)
     * @param clock times the dead letters
     */
    public ParseEventFunction(boolean images, ValidationLimits limits, ProcessingClock clock) {
        this.images = images;
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<MonitorEvent> out) {
        if (eventsIn != null) {
            eventsIn.inc();
            recordsRead.add(1);
        }
        if (images) {
            if (imageReader == null) {
                imageReader = new RecordReader<>(RecordType.IMAGE_EVENT, limits);
            }
            ReadResult<ImageEvent> result = imageReader.read(raw.value());
            if (result.isOk()) {
                out.collect(toEvent(result.value(), raw));
            } else {
                deadLetter(ctx, raw, result.errorCode(), result.errorMessage());
            }
        } else {
            if (featureReader == null) {
                featureReader = new RecordReader<>(RecordType.FEATURE_EVENT, limits);
            }
            ReadResult<FeatureEvent> result = featureReader.read(raw.value());
            if (result.isOk()) {
                FeatureEvent e = result.value();
                out.collect(
                        new MonitorEvent(
                                e.eventId(),
                                e.source(),
                                e.modelName(),
                                e.eventTime(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                e.features(),
                                copy(e.attributes()),
                                raw));
            } else {
                deadLetter(ctx, raw, result.errorCode(), result.errorMessage());
            }
        }
    }

    private void deadLetter(Context ctx, RawRecord raw, ErrorCode code, String message) {
        if (deadLetters != null) {
            deadLetters.inc();
        }
        ctx.output(DeadLetters.TAG, DeadLetters.of(raw, code, message, clock));
    }

    private static MonitorEvent toEvent(ImageEvent e, RawRecord raw) {
        ImagePayload image = e.image();
        return new MonitorEvent(
                e.eventId(),
                e.source(),
                e.modelName(),
                e.eventTime(),
                image.encoding().wireName(),
                image.data(),
                image.height(),
                image.width(),
                image.channels(),
                null,
                copy(e.attributes()),
                raw);
    }

    private static Map<String, String> copy(Map<String, String> attributes) {
        return attributes == null ? null : new java.util.HashMap<>(attributes);
    }
}
