package org.oodmonitor.job.control;

import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.ModelCommand;

/**
 * The pipeline's model control: the commands accepted before the job started, and the stream of
 * control records that may change them while it runs.
 *
 * @param accepted commands accepted before the start, in order: the timeline a fresh start serves
 *     (a restored job serves the one in its checkpoint instead)
 * @param records the control topic's records, or null for a job whose versions do not change
 */
@PublicEvolving
public record ControlInput(List<ModelCommand> accepted, DataStream<RawRecord> records) {

    public ControlInput {
        accepted = List.copyOf(accepted);
    }

    /** No control: the configured versions serve throughout. */
    public static ControlInput none() {
        return new ControlInput(List.of(), null);
    }

    /** The fixed timeline of {@code accepted}, as a replay has it. */
    public static ControlInput fixed(List<ModelCommand> accepted) {
        return new ControlInput(accepted, null);
    }
}
