package org.oodmonitor.inference.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
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

    /** The largest TorchScript file imported. */
    public static final long MAX_BYTES = 2L << 30;

    /** Rows of the probe input. */
    static final int PROBE_ROWS = 2;

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

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
        checkTorchScript();
        if (classLabels.size() < 2) {
            throw new IOException("a model needs at least two class labels, got " + classLabels);
        }
        List<String> problems = ModelArtifact.inputProblems(input);
        if (!problems.isEmpty()) {
            throw new IOException("the input is not servable: " + String.join("; ", problems));
        }
        prepare(out);
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
            clear(out);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    private void checkTorchScript() throws IOException {
        if (!Files.isRegularFile(torchscript, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(torchscript + " is not a regular file");
        }
        if (Files.size(torchscript) > MAX_BYTES) {
            throw new IOException(
                    torchscript
                            + " is "
                            + Files.size(torchscript)
                            + " bytes, more than "
                            + MAX_BYTES);
        }
        byte[] head = new byte[ZIP_MAGIC.length];
        int read;
        try (InputStream in = Files.newInputStream(torchscript)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read < head.length || !Arrays.equals(head, ZIP_MAGIC)) {
            throw new IOException(
                    torchscript
                            + " is not TorchScript: torch.jit.save writes a zip archive (save the"
                            + " traced or scripted network, not a state_dict or a pickled model)");
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
                            + firstLine(e),
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

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage()).strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static void prepare(Path out) throws IOException {
        if (Files.exists(out)) {
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(out + " exists and is not empty");
                }
            }
        }
        Files.createDirectories(out);
    }

    private static void clear(Path out) {
        try (Stream<Path> paths = Files.walk(out)) {
            List<Path> all = new ArrayList<>(paths.toList());
            all.sort(Comparator.reverseOrder());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // What is left names itself as an incomplete model: no manifest, or no probe passed.
        }
    }
}
