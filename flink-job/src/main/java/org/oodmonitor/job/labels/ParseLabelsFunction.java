package org.oodmonitor.job.labels;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.oodmonitor.job.outputs.SideOutputs;
import org.oodmonitor.job.source.DeadLetters;
import org.oodmonitor.job.source.EventTimeGuard;
import org.oodmonitor.job.source.ProcessingClock;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.LabelEvent;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.ReadResult;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * Reads label records as every input is read: validated against the {@code label-event} schema, a
 * record that is not a valid label goes to the dead letters with the validator's reason.
 */
@Internal
public final class ParseLabelsFunction extends ProcessFunction<RawRecord, LabelRecord> {

    private static final long serialVersionUID = 1L;

    private final ValidationLimits limits;
    private final EventTimeGuard guard;
    private final ProcessingClock clock;
    private transient RecordReader<LabelEvent> reader;
    private transient LongCounter deadLettered;

    /**
     * @param guard the accepted label times, as for events: a label far in the future would carry
     *     the join's watermark, and every wait with it, past every score
     */
    public ParseLabelsFunction(
            ValidationLimits limits, EventTimeGuard guard, ProcessingClock clock) {
        this.limits = limits;
        this.guard = guard;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext context) {
        reader = new RecordReader<>(RecordType.LABEL_EVENT, limits);
        deadLettered = new LongCounter();
        getRuntimeContext().addAccumulator(LabelledPipeline.DEAD_LETTERS_ACCUMULATOR, deadLettered);
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<LabelRecord> out) {
        if (raw.value() == null || raw.value().length == 0) {
            deadLettered.add(1);
            ctx.output(
                    SideOutputs.DEAD_LETTERS,
                    DeadLetters.of(
                            raw, ErrorCode.EMPTY_RECORD, "the label record is empty", clock));
            return;
        }
        ReadResult<LabelEvent> read = reader.read(raw.value());
        var outOfRange =
                read.isOk()
                        ? guard.check(read.value().labelTime(), clock.timeOf(raw), raw.timestamp())
                        : java.util.Optional.<String>empty();
        if (outOfRange.isPresent()) {
            deadLettered.add(1);
            ctx.output(
                    SideOutputs.DEAD_LETTERS,
                    DeadLetters.of(
                            raw,
                            ErrorCode.EVENT_TIME_OUT_OF_RANGE,
                            "label_time: " + outOfRange.get(),
                            clock));
        } else if (read.isOk()) {
            out.collect(new LabelRecord(read.value(), raw));
        } else {
            deadLettered.add(1);
            ctx.output(
                    SideOutputs.DEAD_LETTERS,
                    DeadLetters.of(raw, read.errorCode(), read.errorMessage(), clock));
        }
    }
}
