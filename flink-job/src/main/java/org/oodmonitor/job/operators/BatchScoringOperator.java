package org.oodmonitor.job.operators;

import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.job.source.MonitorEvent;
import org.oodmonitor.schemas.ModelCommand;

/**
 * The scoring operator of a pipeline whose model versions do not change while it runs: the
 * configured ones, or a fixed timeline of accepted commands (a replay's).
 */
@Internal
public final class BatchScoringOperator extends AbstractScoringOperator
        implements OneInputStreamOperator<MonitorEvent, ScoredEvent> {

    private static final long serialVersionUID = 1L;

    /** A scoring operator with {@code settings}, which {@code PipelineSettings} has checked. */
    public BatchScoringOperator(ScoringSettings settings) {
        this(settings, List.of());
    }

    /** A scoring operator whose versions follow the fixed timeline of {@code commands}. */
    public BatchScoringOperator(ScoringSettings settings, List<ModelCommand> commands) {
        super(settings, commands);
    }

    @Override
    public void processElement(StreamRecord<MonitorEvent> element) throws Exception {
        addEvent(element);
    }
}
