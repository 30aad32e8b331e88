package org.oodmonitor.job.operators;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.job.source.MonitorEvent;
import org.oodmonitor.schemas.ModelCommand;

/**
 * The scoring operator of a job whose model versions change while it runs: events on the first
 * input, the accepted commands of the control topic broadcast to every subtask on the second. The
 * commands are kept in broadcast state, so that a restored, rescaled or replaced subtask serves the
 * versions the control topic said. The second input's watermarks are ignored: commands carry their
 * own event time, and a control topic that is quiet for days must not hold event time back.
 */
@Internal
public final class ControlledScoringOperator extends AbstractScoringOperator
        implements TwoInputStreamOperator<MonitorEvent, ModelCommand, ScoredEvent> {

    private static final long serialVersionUID = 1L;

    /** The accepted commands by their order of acceptance. */
    static final MapStateDescriptor<Long, ModelCommand> COMMANDS =
            new MapStateDescriptor<>(
                    "model-commands",
                    TypeInformation.of(Long.class),
                    TypeInformation.of(ModelCommand.class));

    private transient BroadcastState<Long, ModelCommand> commands;
    private transient List<ModelCommand> restored;

    /**
     * @param initialCommands the commands accepted before the job started, used unless state is
     *     restored
     */
    public ControlledScoringOperator(ScoringSettings settings, List<ModelCommand> initialCommands) {
        super(settings, initialCommands);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        commands = context.getOperatorStateStore().getBroadcastState(COMMANDS);
        if (context.isRestored()) {
            Map<Long, ModelCommand> ordered = new TreeMap<>();
            for (var entry : commands.entries()) {
                ordered.put(entry.getKey(), entry.getValue());
            }
            restored = new ArrayList<>(ordered.values());
        }
    }

    @Override
    protected List<ModelCommand> startingCommands() throws Exception {
        if (restored != null) {
            return restored;
        }
        List<ModelCommand> initial = super.startingCommands();
        for (int i = 0; i < initial.size(); i++) {
            commands.put((long) i, initial.get(i));
        }
        return initial;
    }

    @Override
    public void open() throws Exception {
        super.open();
        // The command input never holds the combined watermark back.
        combinedWatermark.updateStatus(1, true);
    }

    @Override
    public void processElement1(StreamRecord<MonitorEvent> element) throws Exception {
        addEvent(element);
    }

    @Override
    public void processElement2(StreamRecord<ModelCommand> element) throws Exception {
        ModelCommand command = element.getValue();
        int before = versions().timeline().commands().size();
        addCommand(command);
        if (versions().timeline().commands().size() > before) {
            commands.put((long) before, command);
        }
    }

    @Override
    public void processWatermark2(Watermark mark) {
        // Commands carry their own event time; see the class comment.
    }

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
        if (index == 0) {
            super.processWatermarkStatus(status, index);
        }
    }
}
