package org.oodmonitor.training.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import org.oodmonitor.training.nn.Backbones;

/**
 * A loaded, verified model ready for batched inference: inputs in, logits out. Not thread-safe: use
 * one per thread (one per Flink subtask), and close it.
 */
public final class OodModel implements AutoCloseable {

    private final Model model;
    private final ModelManifest manifest;
    private final String manifestSha256;
    private final Path directory;

    private OodModel(Model model, ModelManifest manifest, String manifestSha256, Path directory) {
        this.model = model;
        this.manifest = manifest;
        this.manifestSha256 = manifestSha256;
        this.directory = directory;
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
     */
    public float[][] logits(float[] inputs, int count) {
        try (NDManager batch = model.getNDManager().newSubManager()) {
            NDArray x = batch.create(inputs, Backbones.inputShape(manifest, count));
            NDArray out =
                    model.getBlock()
                            .forward(new ParameterStore(batch, false), new NDList(x), false)
                            .singletonOrThrow();
            float[] flat = out.toFloatArray();
            int classes = flat.length / count;
            float[][] rows = new float[count][classes];
            for (int i = 0; i < count; i++) {
                System.arraycopy(flat, i * classes, rows[i], 0, classes);
            }
            return rows;
        }
    }

    /** Logits of {@code count} uint8 images starting at image {@code first} of {@code pixels}. */
    public float[][] logitsOfImages(byte[] pixels, int first, int count) {
        InputSpec input = manifest.input();
        return logits(input.normalize(pixels, first * input.size(), count), count);
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
        model.close();
    }
}
