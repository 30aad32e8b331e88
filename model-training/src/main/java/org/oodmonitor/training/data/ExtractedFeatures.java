package org.oodmonitor.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.oodmonitor.inference.model.FeatureExtractor;
import org.oodmonitor.inference.preprocess.InputException;
import org.oodmonitor.inference.preprocess.Preprocessor;

/**
 * The features a frozen TorchScript extractor gives labelled image files, each image made the
 * network's input by the model's own preprocessing, exactly as the job will make it.
 */
public final class ExtractedFeatures {

    /** Images per forward pass. */
    static final int ROWS = 64;

    private ExtractedFeatures() {}

    /**
     * One feature vector per file of {@code files}, with its label.
     *
     * @throws IOException with a one-line reason naming the file that does not read or decode, or
     *     what the network answered
     */
    public static VectorSet of(
            FeatureExtractor extractor, Preprocessor preprocessor, ImageFiles files)
            throws IOException {
        int n = files.count();
        int size = preprocessor.size();
        float[][] features = new float[n][];
        for (int first = 0; first < n; first += ROWS) {
            int count = Math.min(ROWS, n - first);
            float[] batch = new float[count * size];
            for (int i = 0; i < count; i++) {
                Path file = files.files().get(first + i);
                try {
                    float[] values =
                            preprocessor.image(
                                    ImageFiles.encodingOf(file), Files.readAllBytes(file), 0, 0, 0);
                    System.arraycopy(values, 0, batch, i * size, size);
                } catch (InputException e) {
                    throw new IOException(file + ": " + e.getMessage(), e);
                }
            }
            float[][] rows = extractor.features(batch, count);
            System.arraycopy(rows, 0, features, first, count);
        }
        return new VectorSet(files.name(), features, files.labels());
    }
}
