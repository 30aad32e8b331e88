package org.oodmonitor.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.inference.nn.Backbones;

/**
 * A network trained in PyTorch with an IsoMax+ last layer and saved as TorchScript (by {@code
 * scripts/make-torchscript-example.py}, with Debian's PyTorch 1.13) is imported and served by this
 * build's DJL and libtorch 2.7 with PyTorch's logits; what is not such a network is refused in one
 * line.
 */
class TorchScriptImportTest {

    static final Path EXAMPLE = Path.of("../examples/torchscript");
    static final Path NETWORK = EXAMPLE.resolve("fashion32-isomax.pt");
    static final InputSpec INPUT = input(32, 32);

    /** An RGB input of {@code height x width}, centre-cropped, not normalised. */
    static InputSpec input(int height, int width) {
        return new InputSpec(
                InputSpec.IMAGE,
                height,
                width,
                3,
                null,
                null,
                null,
                new Preprocessing(
                        null,
                        null,
                        List.of(height, width),
                        List.of(0f, 0f, 0f),
                        List.of(1f, 1f, 1f),
                        Preprocessing.RGB));
    }

    private static List<String> labels;
    private static int count;
    private static float[] inputs;
    private static float[][] expected;

    @TempDir Path tmp;

    @BeforeAll
    static void fixtures() throws IOException {
        JsonNode meta =
                new ObjectMapper().readTree(EXAMPLE.resolve("fixtures/fixtures.json").toFile());
        labels = new ArrayList<>();
        meta.get("classes").forEach(c -> labels.add(c.asText()));
        count = meta.get("count").asInt();
        inputs = floats(EXAMPLE.resolve("fixtures/inputs.f32"));
        float[] flat = floats(EXAMPLE.resolve("fixtures/logits.f32"));
        expected = new float[count][labels.size()];
        for (int i = 0; i < count; i++) {
            System.arraycopy(flat, i * labels.size(), expected[i], 0, labels.size());
        }
        assertThat(inputs).hasSize(count * INPUT.size());
    }

    private static float[] floats(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    private ModelImport of(Path file, InputSpec input, List<String> classes) {
        return new ModelImport(file, "fashion32", "1.0.0", input, classes);
    }

    @Test
    void anImportedNetworkServesPyTorchsLogitsInBatchesAndAlone() throws IOException {
        Path dir = tmp.resolve("model");
        ModelManifest manifest = of(NETWORK, INPUT, labels).into(dir);

        assertThat(manifest.backbone()).isEqualTo(Backbones.TORCHSCRIPT);
        assertThat(manifest.files())
                .containsExactly(
                        java.util.Map.entry(ModelArtifact.TORCHSCRIPT_FILE, Sha256.of(NETWORK)));
        assertThat(ModelArtifact.readVerified(dir)).isEqualTo(manifest);
        try (OodModel model = OodModel.load(dir)) {
            float[][] batch = model.logits(inputs, count);
            double worst = 0;
            for (int i = 0; i < count; i++) {
                float[] one =
                        model.logits(
                                        java.util.Arrays.copyOfRange(
                                                inputs, i * INPUT.size(), (i + 1) * INPUT.size()),
                                        1)[0];
                for (int c = 0; c < labels.size(); c++) {
                    worst = Math.max(worst, Math.abs(batch[i][c] - expected[i][c]));
                    worst = Math.max(worst, Math.abs(one[c] - expected[i][c]));
                }
                assertThat(argmax(batch[i])).isEqualTo(argmax(expected[i]));
            }
            assertThat(worst).as("largest difference from PyTorch's logits").isLessThan(1e-4);
        }
    }

    @Test
    void pngImagesThroughTheManifestsPreprocessingGetPyTorchsLogits() throws IOException {
        JsonNode meta =
                new ObjectMapper().readTree(EXAMPLE.resolve("fixtures/fixtures.json").toFile());
        List<Float> mean = new ArrayList<>();
        meta.get("mean").forEach(v -> mean.add((float) v.asDouble()));
        List<Float> std = new ArrayList<>();
        meta.get("std").forEach(v -> std.add((float) v.asDouble()));
        InputSpec input =
                new InputSpec(
                        InputSpec.IMAGE,
                        32,
                        32,
                        3,
                        null,
                        null,
                        null,
                        new Preprocessing(
                                32,
                                Preprocessing.BILINEAR,
                                List.of(32, 32),
                                mean,
                                std,
                                Preprocessing.RGB));
        Path dir = tmp.resolve("model");
        of(NETWORK, input, labels).into(dir);
        float[] flat = floats(EXAMPLE.resolve("fixtures/images.f32"));
        int images = meta.get("images").get("count").asInt();

        double worst = 0;
        try (OodModel model = OodModel.load(dir)) {
            for (int i = 0; i < images; i++) {
                byte[] png =
                        Files.readAllBytes(
                                EXAMPLE.resolve(String.format("fixtures/image-%02d.png", i)));
                float[] values;
                try {
                    values = model.preprocessor().image("png", png, 0, 0, 0);
                } catch (org.oodmonitor.inference.preprocess.InputException e) {
                    throw new AssertionError(e);
                }
                float[] logits = model.logits(values, 1)[0];
                for (int c = 0; c < labels.size(); c++) {
                    worst = Math.max(worst, Math.abs(logits[c] - flat[i * labels.size() + c]));
                }
            }
        }
        assertThat(worst).as("largest difference from PyTorch's logits").isLessThan(1e-4);
    }

    @Test
    void aTamperedNetworkIsRefusedWhenLoaded() throws IOException {
        Path dir = tmp.resolve("model");
        of(NETWORK, INPUT, labels).into(dir);
        byte[] bytes = Files.readAllBytes(dir.resolve(ModelArtifact.TORCHSCRIPT_FILE));
        bytes[bytes.length / 2] ^= 1;
        Files.write(dir.resolve(ModelArtifact.TORCHSCRIPT_FILE), bytes);

        assertThatThrownBy(() -> OodModel.load(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("checksum mismatch for model.pt");
    }

    @Test
    void anUnlistedFileThatDjlWouldLoadInsteadIsRefused() throws IOException {
        Path dir = tmp.resolve("model");
        of(NETWORK, INPUT, labels).into(dir);
        Files.copy(NETWORK, dir.resolve("model"));

        assertThatThrownBy(() -> OodModel.load(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("a file named 'model' is not in the manifest");
        Files.delete(dir.resolve("model"));
        Files.copy(NETWORK, dir.resolve("other.pt"));
        assertThatThrownBy(() -> OodModel.load(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("other.pt is not in the manifest");
    }

    @Test
    void whatIsNotSuchANetworkIsAOneLineErrorAndLeavesNothing() throws IOException {
        Path notTorchScript = Files.writeString(tmp.resolve("weights.pt"), "state_dict pickle");
        Path out = tmp.resolve("out");

        assertOneLine(
                () -> of(notTorchScript, INPUT, labels).into(out),
                "is not TorchScript: torch.jit.save writes a zip archive");
        assertOneLine(
                () -> of(NETWORK, INPUT, labels.subList(0, 9)).into(out),
                "answers 2 rows of 10 values for a probe of 2 inputs, but 9 class labels");
        assertOneLine(
                () -> of(NETWORK, input(28, 28), labels).into(out),
                "does not run on a probe input of shape (2, 3, 28, 28)");
        assertThat(out).doesNotExist();
    }

    private static void assertOneLine(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String expected) {
        assertThatThrownBy(call)
                .isInstanceOf(IOException.class)
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }
}
