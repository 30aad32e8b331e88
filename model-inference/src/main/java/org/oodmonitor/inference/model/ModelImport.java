package org.oodmonitor.inference.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.oodmonitor.inference.nn.Backbones;

/**
 * Turns a network trained in PyTorch and saved as TorchScript into a model directory the monitor
 * serves like any other: the file kept as {@code model.pt} with its SHA-256 in the manifest, the
 * input it takes and the classes its outputs name. The network must end in an IsoMax+ last layer
 * (its output is the IsoMax+ logits, {@code -|s| * ||normalize(f) - normalize(p_c)||}); the import
 * runs it once on a probe input and refuses a file that is not TorchScript, or whose output is not
 * one finite logit per class, in one line. The directory is uncalibrated: {@code calibrate} sets
 * its threshold.
 *
 * @param torchscript the file {@code torch.jit.save} wrote
 * @param name the model's name, as events name it
 * @param version the model's version
 * @param input what the network takes
 * @param classLabels one label per output column
 */
public record ModelImport(
        Path torchscript, String name, String version, InputSpec input, List<String> classLabels) {

    /** Rows of the probe input. */
    static final int PROBE_ROWS = 2;

    public ModelImport {
        Objects.requireNonNull(torchscript, "torchscript");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(input, "input");
        classLabels = List.copyOf(classLabels);
    }

    /**
     * Writes the model directory {@code out} (which must not exist or be empty) and checks it on a
     * probe input; on any failure nothing is left in {@code out}.
     *
     * @return the manifest written
     * @throws IOException with a one-line reason
     */
    public ModelManifest into(Path out) throws IOException {
        TorchScriptFile.check(torchscript);
        if (classLabels.size() < 2) {
            throw new IOException("a model needs at least two class labels, got " + classLabels);
        }
        List<String> problems = input.problems();
        if (!problems.isEmpty()) {
            throw new IOException("the input is not servable: " + String.join("; ", problems));
        }
        boolean existed = NewModelDirectory.prepare(out);
        try {
            Files.copy(
                    torchscript,
                    out.resolve(ModelArtifact.TORCHSCRIPT_FILE),
                    StandardCopyOption.REPLACE_EXISTING);
            ModelManifest manifest =
                    new ModelManifest(
                            ModelManifest.FORMAT_VERSION,
                            name,
                            version,
                            ModelManifest.ISOMAX_PLUS,
                            Backbones.TORCHSCRIPT,
                            null,
                            input,
                            classLabels,
                            0,
                            10f,
                            null,
                            null,
                            null,
                            Map.of(
                                    ModelArtifact.TORCHSCRIPT_FILE,
                                    Sha256.of(out.resolve(ModelArtifact.TORCHSCRIPT_FILE))),
                            null);
            ModelArtifact.writeManifest(out, manifest);
            probe(out);
            return manifest;
        } catch (IOException | RuntimeException e) {
            NewModelDirectory.remove(out, existed);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** Runs the imported network on zeros and checks it answers one finite logit per class. */
    private void probe(Path out) throws IOException {
        float[][] logits;
        try (OodModel model = OodModel.load(out)) {
            logits = model.logits(new float[PROBE_ROWS * input.size()], PROBE_ROWS);
        } catch (IOException | RuntimeException e) {
            throw new IOException(
                    torchscript
                            + " does not run on a probe input of shape "
                            + org.oodmonitor.inference.nn.Backbones.inputShape(input, PROBE_ROWS)
                            + ": "
                            + TorchScriptFile.firstLine(e),
                    e);
        }
        if (logits.length != PROBE_ROWS || logits[0].length != classLabels.size()) {
            throw new IOException(
                    torchscript
                            + " answers "
                            + logits.length
                            + " rows of "
                            + (logits.length == 0 ? 0 : logits[0].length)
                            + " values for a probe of "
                            + PROBE_ROWS
                            + " inputs, but "
                            + classLabels.size()
                            + " class labels were given: its output must be one IsoMax+ logit per"
                            + " class");
        }
        for (float[] row : logits) {
            for (float v : row) {
                if (!Float.isFinite(v) || v > 0) {
                    throw new IOException(
                            torchscript
                                    + " answers "
                                    + v
                                    + " for a probe input; IsoMax+ logits are finite and at most 0"
                                    + " (minus a scaled distance)");
                }
            }
        }
    }
}
