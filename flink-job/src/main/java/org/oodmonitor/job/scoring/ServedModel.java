package org.oodmonitor.job.scoring;

import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.preprocess.InputException;
import org.oodmonitor.inference.scoring.VerdictFunction;

/**
 * One model as a job serves it: the loaded model and the rule that turns its logits into verdicts.
 *
 * @param model the loaded, verified model
 * @param verdicts its threshold rule, with the job's override if any
 */
public record ServedModel(OodModel model, VerdictFunction verdicts) {

    /** The model input of {@code event}. */
    public float[] input(MonitorEvent event) throws InputException {
        var pre = model.preprocessor();
        if (event.isImage()) {
            return pre.image(
                    event.imageEncoding(),
                    event.imageData(),
                    event.height() == null ? 0 : event.height(),
                    event.width() == null ? 0 : event.width(),
                    event.channels() == null ? 1 : event.channels());
        }
        return pre.vector(event.features());
    }
}
