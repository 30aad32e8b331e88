package org.oodmonitor.inference.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.oodmonitor.inference.nn.Backbones;

/**
 * A model directory: {@code manifest.json} plus the parameter files it lists with their SHA-256.
 * Loading verifies every checksum first and refuses a tampered or incomplete model.
 */
public final class ModelArtifact {

    public static final String MANIFEST = "manifest.json";
    static final String PARAMS_PREFIX = "model";

    /** The name of an imported TorchScript network's file, without its {@code .pt}. */
    public static final String TORCHSCRIPT_PREFIX = "model";

    /** The file an imported TorchScript network is kept in. */
    public static final String TORCHSCRIPT_FILE = TORCHSCRIPT_PREFIX + ".pt";

    /** The last layer trained on a TorchScript extractor's features ({@code train --backbone}). */
    public static final String HEAD_FILE = "head.params";

    /** The largest manifest read: tail tables make manifests tens of kilobytes, never megabytes. */
    public static final long MAX_MANIFEST_BYTES = 16L << 20;

    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .build();

    private ModelArtifact() {}

    /**
     * Writes the parameters of {@code model} and a manifest listing their checksums to {@code dir},
     * replacing a model already there.
     *
     * @return the manifest as written
     */
    public static ModelManifest save(Path dir, Model model, ModelManifest manifest)
            throws IOException {
        Files.createDirectories(dir);
        for (Path old : paramFiles(dir)) {
            Files.delete(old);
        }
        model.save(dir, PARAMS_PREFIX);
        Map<String, String> files = new TreeMap<>();
        for (Path file : paramFiles(dir)) {
            files.put(file.getFileName().toString(), Sha256.of(file));
        }
        ModelManifest written = manifest.withFiles(files);
        writeManifest(dir, written);
        return written;
    }

    /** Rewrites only the manifest, for example after calibration; parameters are untouched. */
    public static void writeManifest(Path dir, ModelManifest manifest) throws IOException {
        Files.write(dir.resolve(MANIFEST), MAPPER.writeValueAsBytes(manifest));
    }

    /**
     * Reads and checks the manifest of {@code dir}: it exists, has a known format, and every listed
     * file exists with its recorded SHA-256 and no other parameter file is there.
     *
     * @throws IOException with a one-line reason
     */
    public static ModelManifest readVerified(Path dir) throws IOException {
        ModelManifest manifest = readManifest(dir.resolve(MANIFEST));
        Path root = dir.toRealPath();
        for (var entry : manifest.files().entrySet()) {
            Path file = listedFile(dir, root, entry.getKey());
            String actual = Sha256.of(file);
            if (!actual.equals(entry.getValue())) {
                throw new IOException(
                        dir
                                + ": checksum mismatch for "
                                + entry.getKey()
                                + " (manifest "
                                + entry.getValue()
                                + ", file "
                                + actual
                                + "): the model was modified or corrupted");
            }
        }
        for (Path file : paramFiles(dir)) {
            if (!manifest.files().containsKey(file.getFileName().toString())) {
                throw new IOException(
                        dir + ": parameter file " + file.getFileName() + " is not in the manifest");
            }
        }
        if (Files.exists(dir.resolve(TORCHSCRIPT_PREFIX), LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(
                    dir
                            + ": a file named '"
                            + TORCHSCRIPT_PREFIX
                            + "' is not in the manifest (DJL would load it for "
                            + TORCHSCRIPT_FILE
                            + ")");
        }
        return manifest;
    }

    /**
     * Reads and checks a manifest file on its own (for a copy that fetches the listed files next):
     * a regular file of at most {@link #MAX_MANIFEST_BYTES}, a known format, and a non-empty list
     * of files each named by a plain file name.
     *
     * @throws IOException with a one-line reason
     */
    public static ModelManifest readManifest(Path manifestFile) throws IOException {
        Path dir = manifestFile.getParent();
        if (!Files.isRegularFile(manifestFile)) {
            throw new IOException(dir + " is not a model directory: no " + MANIFEST);
        }
        if (!manifestFile.toRealPath().getParent().equals(dir.toRealPath())) {
            throw new IOException(
                    manifestFile
                            + " is a link out of the model directory; refused (a manifest must"
                            + " lie inside its directory)");
        }
        if (Files.size(manifestFile) > MAX_MANIFEST_BYTES) {
            throw new IOException(
                    manifestFile
                            + " is "
                            + Files.size(manifestFile)
                            + " bytes; a manifest has at most "
                            + MAX_MANIFEST_BYTES);
        }
        ModelManifest manifest;
        try {
            manifest = MAPPER.readValue(manifestFile.toFile(), ModelManifest.class);
        } catch (IOException e) {
            // Jackson's message quotes the file's text; a manifest chosen by a control command
            // must not echo a file's contents into a status or a log.
            throw new IOException(
                    manifestFile
                            + " is not a valid manifest"
                            + (e instanceof com.fasterxml.jackson.core.JsonProcessingException json
                                            && json.getLocation() != null
                                    ? " (at line "
                                            + json.getLocation().getLineNr()
                                            + ", column "
                                            + json.getLocation().getColumnNr()
                                            + ")"
                                    : ""));
        }
        if (manifest.formatVersion() < ModelManifest.OLDEST_FORMAT_VERSION
                || manifest.formatVersion() > ModelManifest.FORMAT_VERSION) {
            throw new IOException(
                    manifestFile
                            + ": manifest format "
                            + manifest.formatVersion()
                            + " is not supported (this build reads formats "
                            + ModelManifest.OLDEST_FORMAT_VERSION
                            + " to "
                            + ModelManifest.FORMAT_VERSION
                            + ")");
        }
        if (manifest.files() == null || manifest.files().isEmpty()) {
            throw new IOException(manifestFile + " lists no parameter files");
        }
        for (String name : manifest.files().keySet()) {
            checkPlainName(manifestFile, name);
        }
        List<String> problems =
                manifest.input() == null ? List.of("no input") : manifest.input().problems();
        if (!problems.isEmpty()) {
            throw new IOException(
                    manifestFile + ": the input is not servable: " + String.join("; ", problems));
        }
        return manifest;
    }

    /**
     * @throws IOException unless {@code name} is a plain file name: no directory part, not {@code
     *     .} or {@code ..}, no control characters
     */
    static void checkPlainName(Path manifestFile, String name) throws IOException {
        boolean plain =
                name != null
                        && !name.isEmpty()
                        && !name.equals(".")
                        && !name.equals("..")
                        && name.indexOf('/') < 0
                        && name.indexOf('\\') < 0
                        && name.chars().noneMatch(c -> c < 0x20 || c == 0x7F);
        if (!plain) {
            throw new IOException(
                    manifestFile
                            + " lists a file outside the model directory or with an unusable name"
                            + " (only plain file names are allowed): "
                            + (name == null ? "null" : name.replaceAll("\\p{Cntrl}", "?")));
        }
    }

    /**
     * The listed file {@code name} of {@code dir}: it must be a regular file whose real path (links
     * followed) lies inside the model directory, so that neither a link to {@code /dev/zero} or to
     * a file elsewhere nor a FIFO is ever opened.
     */
    private static Path listedFile(Path dir, Path root, String name) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is incomplete: missing " + name);
        }
        if (!Files.isRegularFile(file) || !file.toRealPath().getParent().equals(root)) {
            throw new IOException(
                    dir
                            + ": "
                            + name
                            + " is not a regular file inside the model directory (a link out of"
                            + " it, a FIFO or a device); refused");
        }
        return file;
    }

    /** SHA-256 of the manifest file, which identifies the model version in outputs. */
    public static String manifestSha256(Path dir) throws IOException {
        return Sha256.of(dir.resolve(MANIFEST));
    }

    /**
     * Verifies {@code dir} and loads its network into a new DJL model on the default device.
     *
     * @throws IOException with a one-line reason for a bad model directory
     */
    public static Model loadModel(Path dir, ModelManifest manifest) throws IOException {
        return loadModel(dir, manifest, null);
    }

    /** As {@link #loadModel(Path, ModelManifest)}, on {@code device} (null: the default device). */
    public static Model loadModel(Path dir, ModelManifest manifest, Device device)
            throws IOException {
        Model model =
                device == null
                        ? Model.newInstance(manifest.name())
                        : Model.newInstance(manifest.name(), device);
        try {
            if (Backbones.TORCHSCRIPT.equals(manifest.backbone())) {
                if (!manifest.files().containsKey(TORCHSCRIPT_FILE)) {
                    throw new IOException("a torchscript manifest must list " + TORCHSCRIPT_FILE);
                }
                // The verified file itself: given a directory, DJL would take a file named
                // "model" first, which the manifest need not list.
                model.load(dir.resolve(TORCHSCRIPT_FILE));
            } else if (Backbones.TORCHSCRIPT_FEATURES.equals(manifest.backbone())) {
                loadFeaturesAndHead(dir, manifest, model);
            } else {
                model.setBlock(Backbones.network(manifest));
                model.load(dir, PARAMS_PREFIX);
            }
            return model;
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new IOException(
                    dir + ": cannot load the parameters: " + TorchScriptFile.firstLine(e), e);
        }
    }

    /**
     * Loads {@code model.pt} as the feature extractor and {@code head.params} as the last layer
     * after it, in one block, so that one forward pass on the model's device gives the logits.
     */
    private static void loadFeaturesAndHead(Path dir, ModelManifest manifest, Model model)
            throws IOException, MalformedModelException {
        for (String file : List.of(TORCHSCRIPT_FILE, HEAD_FILE)) {
            if (!manifest.files().containsKey(file)) {
                throw new IOException("a torchscript_features manifest must list " + file);
            }
        }
        if (manifest.featureDimension() < 1) {
            throw new IOException("a torchscript_features manifest needs a feature dimension");
        }
        model.load(dir.resolve(TORCHSCRIPT_FILE));
        Block features = model.getBlock();
        Block head = Backbones.network(manifest);
        head.initialize(
                model.getNDManager(), DataType.FLOAT32, new Shape(1, manifest.featureDimension()));
        try (DataInputStream in =
                new DataInputStream(
                        new BufferedInputStream(Files.newInputStream(dir.resolve(HEAD_FILE))))) {
            head.loadParameters(model.getNDManager(), in);
        }
        // Training saw each input's output flattened to one row; so does the head here.
        model.setBlock(
                new SequentialBlock()
                        .add(features)
                        .add(ai.djl.nn.Blocks.batchFlattenBlock())
                        .add(head));
    }

    /**
     * Writes the parameters of {@code head}, a last layer trained on frozen features, as {@link
     * #HEAD_FILE} of {@code dir}.
     */
    public static void saveHead(Path dir, Block head) throws IOException {
        try (DataOutputStream out =
                new DataOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(dir.resolve(HEAD_FILE))))) {
            head.saveParameters(out);
        }
    }

    private static List<Path> paramFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(
                            f ->
                                    f.getFileName().toString().endsWith(".params")
                                            || f.getFileName().toString().endsWith(".pt"))
                    .sorted()
                    .toList();
        }
    }
}
