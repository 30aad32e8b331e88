package org.oodmonitor.job.control;

import org.apache.flink.annotation.Internal;
import org.apache.flink.util.OutputTag;
import org.oodmonitor.schemas.ControlStatus;
import org.oodmonitor.schemas.OodScore;

/** The side outputs of model control: status records and the shadow versions' scores. */
@Internal
public final class ControlStatuses {

    /** What the job did with each control record, from the command check and each subtask. */
    public static final OutputTag<ControlStatus> TAG = new OutputTag<>("control-status") {};

    /** Scores of shadow versions, which go to the shadow-scores topic only. */
    public static final OutputTag<OodScore> SHADOW_SCORES = new OutputTag<>("shadow-scores") {};

    private ControlStatuses() {}
}
