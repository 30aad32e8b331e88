package org.oodmonitor.inference.scoring;

import org.oodmonitor.inference.detector.InputStatistics;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.preprocess.DecodedImage;
import org.oodmonitor.inference.preprocess.InputException;

/**
 * One event made ready for a model: decoded, shape-checked and normalised, with the input
 * statistics an alert detector reads (of the image's pixels, or of the vector).
 *
 * @param values the model input
 * @param stats the image's pixel statistics when {@code withStats}, else null
 */
public record PreparedInput(float[] values, double[] stats) {

    /**
     * Prepares {@code input} for {@code model}.
     *
     * @param withStats whether to compute the image's pixel statistics (a detector reads them)
     * @throws InputException with the error code and message of a dead letter when the input does
     *     not fit the model (wrong shape or dimension, corrupt image, NaN)
     */
    public static PreparedInput of(OodModel model, EventInput input, boolean withStats)
            throws InputException {
        var pre = model.preprocessor();
        if (input instanceof EventInput.Vector vector) {
            float[] values = pre.vector(vector.values());
            return new PreparedInput(values, withStats ? InputStatistics.ofVector(values) : null);
        }
        EventInput.Image image = (EventInput.Image) input;
        DecodedImage seen =
                pre.modelImage(
                        image.encoding(),
                        image.data(),
                        image.height(),
                        image.width(),
                        image.channels());
        double[] stats = withStats ? InputStatistics.of(seen) : null;
        return new PreparedInput(pre.values(seen), stats);
    }
}
