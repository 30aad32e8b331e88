package org.oodmonitor.job.control;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.oodmonitor.job.outputs.SideOutputs;
import org.oodmonitor.schemas.ControlStatus;
import org.oodmonitor.schemas.ModelCommand;
import org.oodmonitor.schemas.text.Printable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the control topic's records (at parallelism 1), read and with their deploys' files
 * checked beside the stream ({@link DeployCheckFunction}), with {@link CommandCheck} against the
 * commands accepted so far, emits the accepted commands for every scoring subtask and an accepted
 * or rejected {@link ControlStatus} for every record to {@link SideOutputs#CONTROL_STATUS}. A
 * record that is not a command, or a command that would change what is served wrongly, changes
 * nothing and never fails the job.
 */
@Internal
public final class ControlCommandFunction extends ProcessFunction<ControlRecord, ModelCommand>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ControlCommandFunction.class);

    private final CommandCheck check;
    private final List<ModelCommand> initial;
    private transient ListState<ModelCommand> state;
    private transient List<ModelCommand> restored;
    private transient ModelTimeline timeline;
    private transient Counter accepted;
    private transient Counter rejected;

    /**
     * @param initial the commands accepted before the job started, used unless state is restored
     */
    public ControlCommandFunction(CommandCheck check, List<ModelCommand> initial) {
        this.check = check;
        this.initial = List.copyOf(initial);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        state =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "accepted-commands",
                                        TypeInformation.of(ModelCommand.class)));
        restored = new ArrayList<>();
        if (context.isRestored()) {
            state.get().forEach(restored::add);
        } else {
            restored.addAll(initial);
        }
    }

    @Override
    public void open(OpenContext context) throws Exception {
        timeline = check.timeline(restored);
        accepted = getRuntimeContext().getMetricGroup().counter("controlCommandsAccepted");
        rejected = getRuntimeContext().getMetricGroup().counter("controlCommandsRejected");
    }

    @Override
    public void processElement(ControlRecord record, Context ctx, Collector<ModelCommand> out) {
        String where = record.where();
        long now = System.currentTimeMillis();
        CommandCheck.Decision decision = check.decide(timeline, record);
        ModelCommand command = decision.command();
        if (command == null) {
            String reason = decision.refusal();
            rejected.inc();
            LOG.warn("Control record {} rejected: {}", where, reason);
            ctx.output(SideOutputs.CONTROL_STATUS, ControlStatus.unreadable(reason, where, now));
            return;
        }
        if (!decision.accepted()) {
            String reason = decision.refusal();
            rejected.inc();
            LOG.warn(
                    "Control command {} ({}) rejected: {}",
                    Printable.of(command.commandId()),
                    where,
                    reason);
            ctx.output(
                    SideOutputs.CONTROL_STATUS, ControlStatus.verdict(command, reason, where, now));
            return;
        }
        timeline = timeline.with(command);
        accepted.inc();
        LOG.info(
                "Control command {} ({}) accepted: {} {} {} from event time {}",
                command.commandId(),
                where,
                command.action(),
                command.modelName(),
                command.modelVersion(),
                command.effectiveFrom());
        ctx.output(SideOutputs.CONTROL_STATUS, ControlStatus.verdict(command, null, where, now));
        out.collect(command);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        state.update(timeline == null ? restored : timeline.commands());
    }
}
