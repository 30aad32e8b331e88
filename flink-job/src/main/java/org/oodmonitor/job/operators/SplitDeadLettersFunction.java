package org.oodmonitor.job.operators;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.oodmonitor.job.operators.internal.DeadLetterMetrics;
import org.oodmonitor.job.outputs.SideOutputs;
import org.oodmonitor.job.source.MonitorEvent;
import org.oodmonitor.job.source.ParsedRecord;

/**
 * Sends the valid events of the parsed input on and the records that failed to parse to {@link
 * SideOutputs#DEAD_LETTERS}; counts both.
 */
@Internal
public final class SplitDeadLettersFunction extends ProcessFunction<ParsedRecord, MonitorEvent> {

    private static final long serialVersionUID = 1L;

    /** Accumulator of the records read so far, for progress reports of bounded runs. */
    public static final String RECORDS_READ = "records-read";

    private transient Counter eventsIn;
    private transient DeadLetterMetrics deadLetters;
    private transient LongCounter recordsRead;

    @Override
    public void open(OpenContext context) {
        eventsIn = getRuntimeContext().getMetricGroup().counter("eventsIn");
        deadLetters = new DeadLetterMetrics(getRuntimeContext().getMetricGroup());
        recordsRead = new LongCounter();
        getRuntimeContext().addAccumulator(RECORDS_READ, recordsRead);
    }

    @Override
    public void processElement(ParsedRecord record, Context ctx, Collector<MonitorEvent> out) {
        eventsIn.inc();
        recordsRead.add(1);
        if (record.isEvent()) {
            out.collect(record.event());
        } else {
            deadLetters.count(record.deadLetter().errorCode());
            ctx.output(SideOutputs.DEAD_LETTERS, record.deadLetter());
        }
    }
}
