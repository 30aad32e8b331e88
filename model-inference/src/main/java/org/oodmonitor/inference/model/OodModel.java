package org.oodmonitor.inference.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;
import org.oodmonitor.inference.preprocess.Preprocessor;

/**
 * A loaded, verified model ready for batched inference: inputs in, logits out. Not thread-safe: use
 * one per thread (one per Flink subtask), and close it.
 */
public final class OodModel implements AutoCloseable {

    private final Model model;
    private final ModelManifest manifest;
    private final String manifestSha256;
    private final Path directory;
    private final Preprocessor preprocessor;
    private final Predictor<InputBatch, float[][]> predictor;

    private OodModel(Model model, ModelManifest manifest, String manifestSha256, Path directory) {
        this.model = model;
        this.manifest = manifest;
        this.manifestSha256 = manifestSha256;
        this.directory = directory;
        this.preprocessor = new Preprocessor(manifest.input(), manifest.name());
        this.predictor = model.newPredictor(new LogitsTranslator(manifest.input()));
    }

    /**
     * Verifies and loads the model in {@code dir}.
     *
     * @throws IOException with a one-line reason for a missing, tampered or incomplete model
     */
    public static OodModel load(Path dir) throws IOException {
        return load(dir, null);
    }

    /** As {@link #load(Path)}, on {@code device} (null: DJL's default, the first GPU if any). */
    public static OodModel load(Path dir, Device device) throws IOException {
        ModelManifest manifest = ModelArtifact.readVerified(dir);
        String checksum = ModelArtifact.manifestSha256(dir);
        return new OodModel(
                ModelArtifact.loadModel(dir, manifest, device), manifest, checksum, dir);
    }

    /** Wraps an in-memory model, for example right after training. */
    public static OodModel of(Model model, ModelManifest manifest) {
        return new OodModel(model, manifest, null, null);
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** SHA-256 of {@code manifest.json}, or null for a model not loaded from disk. */
    public String manifestSha256() {
        return manifestSha256;
    }

    /** How inputs become this model's input values. */
    public Preprocessor preprocessor() {
        return preprocessor;
    }

    public Path directory() {
        return directory;
    }

    /** Where inference runs, for example {@code cpu()} or {@code gpu(0)}. */
    public String device() {
        return model.getNDManager().getDevice().toString();
    }

    /**
     * Logits of {@code count} examples whose model-ready inputs are concatenated in {@code inputs};
     * one row per example.
     *
     * @throws IllegalStateException when the engine fails on the batch
     */
    public float[][] logits(float[] inputs, int count) {
        try {
            return predictor.predict(new InputBatch(inputs, count));
        } catch (TranslateException e) {
            throw new IllegalStateException(
                    "model " + manifest.name() + " failed on a batch of " + count, e);
        }
    }

    /** Logits of {@code count} uint8 images starting at image {@code first} of {@code pixels}. */
    public float[][] logitsOfImages(byte[] pixels, int first, int count) {
        return logits(preprocessor.grayImages(pixels, first, count), count);
    }

    /** Logits of vectors, one row each. */
    public float[][] logitsOfVectors(float[][] vectors) {
        int dimension = manifest.input().dimension();
        float[] flat = new float[vectors.length * dimension];
        for (int i = 0; i < vectors.length; i++) {
            System.arraycopy(vectors[i], 0, flat, i * dimension, dimension);
        }
        return logits(flat, vectors.length);
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
