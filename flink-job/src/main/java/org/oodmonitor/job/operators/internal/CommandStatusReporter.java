package org.oodmonitor.job.operators.internal;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.oodmonitor.job.outputs.SideOutputs;
import org.oodmonitor.job.scoring.ServedVersions;
import org.oodmonitor.schemas.ControlStatus;
import org.oodmonitor.schemas.ModelCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies control commands to a subtask's versions and reports each one to {@link
 * SideOutputs#CONTROL_STATUS}: {@code applied} or {@code failed}, and whether events newer than the
 * command's start were scored before it came (then it came late). A deploy is reported when its
 * version has loaded.
 */
@Internal
public final class CommandStatusReporter {

    private static final Logger LOG = LoggerFactory.getLogger(CommandStatusReporter.class);

    private final Output<?> output;
    private final int subtask;
    private final Counter applied;
    private final Counter failed;
    private final Map<String, Long> newestScored = new HashMap<>();
    private final Map<String, Long> newestAtDeploy = new HashMap<>();

    /**
     * @param output the operator's output
     * @param metrics the operator's metric group, where the reporter's counters go
     */
    public CommandStatusReporter(Output<?> output, MetricGroup metrics, int subtask) {
        this.output = output;
        this.subtask = subtask;
        this.applied = metrics.counter("controlCommandsApplied");
        this.failed = metrics.counter("controlCommandsFailed");
    }

    /** Notes the newest event time per model among events just scored. */
    public void scored(Map<String, Long> newestEventTime) {
        newestEventTime.forEach((name, time) -> newestScored.merge(name, time, Math::max));
    }

    /**
     * Applies {@code command} to {@code versions}; reports it unless it is a deploy whose version
     * is still loading.
     *
     * @return whether a deploy now waits for its version
     */
    public boolean apply(ModelCommand command, ServedVersions versions) {
        Long newest = newestScored.get(command.modelName());
        try {
            versions.add(command);
        } catch (IllegalArgumentException e) {
            report(command, e.getMessage(), newest);
            return false;
        }
        if (command.isDeploy()) {
            newestAtDeploy.put(command.commandId(), newest);
            return true;
        }
        report(command, null, newest);
        return false;
    }

    /**
     * Reports the deploys whose versions have loaded or failed to.
     *
     * @return whether deploys still wait for their versions
     */
    public boolean reportSettled(ServedVersions versions) {
        for (ServedVersions.Settled settled : versions.settled()) {
            ModelCommand deploy = settled.deploy();
            report(deploy, settled.failure(), newestAtDeploy.remove(deploy.commandId()));
        }
        return !newestAtDeploy.isEmpty();
    }

    private void report(ModelCommand command, String failure, Long newestBefore) {
        ControlStatus status =
                ControlStatus.onSubtask(
                        command, subtask, failure, newestBefore, System.currentTimeMillis());
        if (failure != null) {
            failed.inc();
            LOG.warn("Control command {} failed: {}", command.commandId(), failure);
        } else if (status.late()) {
            applied.inc();
            LOG.warn(
                    "Control command {} came late: events up to {} were scored before it",
                    command.commandId(),
                    newestBefore);
        } else {
            applied.inc();
            LOG.info("Control command {} applied on subtask {}", command.commandId(), subtask);
        }
        output.collect(SideOutputs.CONTROL_STATUS, new StreamRecord<>(status));
    }
}
