package org.oodmonitor.job.scoring;

import org.apache.flink.annotation.Internal;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.preprocess.InputException;
import org.oodmonitor.inference.scoring.BatchScorer;
import org.oodmonitor.inference.scoring.PreparedInput;
import org.oodmonitor.inference.scoring.VerdictFunction;
import org.oodmonitor.job.source.MonitorEvent;

/**
 * One model as a job serves it: the loaded model and the rule that turns its logits into verdicts.
 *
 * @param model the loaded, verified model
 * @param verdicts its decision rule, with the job's threshold override if any
 */
@Internal
public record ServedModel(OodModel model, VerdictFunction verdicts) {

    /** The model input of {@code event}, with what the alert detector needs. */
    public PreparedInput input(MonitorEvent event) throws InputException {
        return PreparedInput.of(model, event.input(), verdicts.needsPixels());
    }

    /**
     * The scorer of this model's batches.
     *
     * @param fixedRows rows of every forward pass, or 0 for as many as there are events
     * @param threads PyTorch intra-op threads applied before each pass, or 0 to leave them
     */
    public BatchScorer scorer(int fixedRows, int threads) {
        return new BatchScorer(model, verdicts, fixedRows, threads);
    }
}
