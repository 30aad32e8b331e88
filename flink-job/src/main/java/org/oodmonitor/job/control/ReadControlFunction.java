package org.oodmonitor.job.control;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.MapFunction;
import org.oodmonitor.job.source.RawRecord;

/**
 * Reads each control record into a small {@link ControlRecord} before its deploy's files are
 * checked, so that the check's queue holds commands, not records of up to the input size limit.
 */
@Internal
public final class ReadControlFunction implements MapFunction<RawRecord, ControlRecord> {

    private static final long serialVersionUID = 1L;

    private final CommandCheck check;

    public ReadControlFunction(CommandCheck check) {
        this.check = check;
    }

    @Override
    public ControlRecord map(RawRecord raw) {
        return ControlRecord.of(raw, check, System.currentTimeMillis());
    }
}
