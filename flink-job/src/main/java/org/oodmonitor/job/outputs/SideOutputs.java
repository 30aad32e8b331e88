package org.oodmonitor.job.outputs;

import org.apache.flink.annotation.Internal;
import org.apache.flink.util.OutputTag;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.schemas.ControlStatus;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.OodScore;

/** Every side output of the pipeline's operators, in one place. */
@Internal
public final class SideOutputs {

    /** Records that cannot be processed, from every operator, for the dead-letter topic. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    /** What the job did with each control record, from the command check and each subtask. */
    public static final OutputTag<ControlStatus> CONTROL_STATUS =
            new OutputTag<>("control-status") {};

    /** Scores of shadow versions, which go to the shadow-scores topic only. */
    public static final OutputTag<ScoredEvent> SHADOW_SCORES = new OutputTag<>("shadow-scores") {};

    /** Scores behind the window operator's watermark, counted in no window. */
    public static final OutputTag<OodScore> LATE_SCORES = new OutputTag<>("late-scores") {};

    private SideOutputs() {}
}
