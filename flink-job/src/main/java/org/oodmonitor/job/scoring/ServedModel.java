package org.oodmonitor.job.scoring;

import org.oodmonitor.inference.detector.InputStatistics;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.preprocess.InputException;
import org.oodmonitor.inference.scoring.VerdictFunction;

/**
 * One model as a job serves it: the loaded model and the rule that turns its logits into verdicts.
 *
 * @param model the loaded, verified model
 * @param verdicts its decision rule, with the job's threshold override if any
 */
public record ServedModel(OodModel model, VerdictFunction verdicts) {

    /**
     * What the model and its verdict need of one event.
     *
     * @param values the model input
     * @param stats the image's pixel statistics when the alert detector reads them, else null
     */
    public record Input(float[] values, double[] stats) {}

    /** The model input of {@code event}, with what the alert detector needs. */
    public Input input(MonitorEvent event) throws InputException {
        var pre = model.preprocessor();
        if (!event.isImage()) {
            return new Input(pre.vector(event.features()), null);
        }
        byte[] gray =
                pre.gray(
                        event.imageEncoding(),
                        event.imageData(),
                        event.height() == null ? 0 : event.height(),
                        event.width() == null ? 0 : event.width(),
                        event.channels() == null ? 1 : event.channels());
        var spec = model.manifest().input();
        double[] stats =
                verdicts.needsPixels()
                        ? InputStatistics.of(gray, 0, spec.height(), spec.width())
                        : null;
        return new Input(pre.normalize(gray), stats);
    }
}
