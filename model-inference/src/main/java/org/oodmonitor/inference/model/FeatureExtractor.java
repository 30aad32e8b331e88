package org.oodmonitor.inference.model;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A network cut before its classifier and saved as TorchScript, run frozen: preprocessed inputs in,
 * one feature vector per input out. {@code train --backbone} trains an IsoMax+ last layer on what
 * it answers. Not thread-safe; close it.
 */
public final class FeatureExtractor implements AutoCloseable {

    private final Path file;
    private final Model model;
    private final Predictor<InputBatch, float[][]> predictor;
    private int dimension = -1;

    private FeatureExtractor(Path file, Model model, InputSpec input) {
        this.file = file;
        this.model = model;
        this.predictor = model.newPredictor(new LogitsTranslator(input));
    }

    /**
     * Opens the TorchScript file {@code file} for inputs of {@code input}.
     *
     * @throws IOException with a one-line reason for a file that is not TorchScript
     */
    public static FeatureExtractor open(Path file, InputSpec input) throws IOException {
        TorchScriptFile.check(file);
        Model model = Model.newInstance(file.getFileName().toString());
        try {
            model.load(file);
        } catch (ai.djl.MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new IOException(
                    file + " does not load as TorchScript: " + TorchScriptFile.firstLine(e), e);
        }
        return new FeatureExtractor(file, model, input);
    }

    /**
     * The features of {@code count} inputs concatenated in {@code inputs}, one row each.
     *
     * @throws IOException with a one-line reason when the network fails on them or does not answer
     *     one finite vector of the same width per input
     */
    public float[][] features(float[] inputs, int count) throws IOException {
        float[][] rows;
        try {
            rows = predictor.predict(new InputBatch(inputs, count));
        } catch (TranslateException | RuntimeException e) {
            throw new IOException(
                    file + " fails on a batch of " + count + ": " + TorchScriptFile.firstLine(e),
                    e);
        }
        if (rows.length != count || rows[0].length == 0) {
            throw new IOException(
                    file
                            + " answers "
                            + rows.length
                            + " rows for "
                            + count
                            + " inputs: a feature extractor answers one vector per input (cut the"
                            + " network before its classifier, after its pooling)");
        }
        if (dimension < 0) {
            dimension = rows[0].length;
        } else if (rows[0].length != dimension) {
            throw new IOException(
                    file + " answers " + rows[0].length + " features, before " + dimension);
        }
        for (float[] row : rows) {
            for (float v : row) {
                if (!Float.isFinite(v)) {
                    throw new IOException(file + " answers a feature of " + v);
                }
            }
        }
        return rows;
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
