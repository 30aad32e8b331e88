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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A torchvision-style ResNet trained with SoftMax in PyTorch and cut before its classifier (by
 * {@code scripts/make-resnet-example.py}) gives this build the features PyTorch gave, at any input
 * size its pooling takes; what is not TorchScript is refused in one line.
 */
class FeatureExtractorTest {

    static final Path EXAMPLE = Path.of("../examples/torchscript");
    static final Path NETWORK = EXAMPLE.resolve("resnet-features.pt");

    @TempDir Path tmp;

    @Test
    void theFeaturesArePyTorchsWithin1em4() throws IOException {
        JsonNode meta =
                new ObjectMapper().readTree(EXAMPLE.resolve("fixtures/resnet.json").toFile());
        int count = meta.get("count").asInt();
        int dimension = meta.get("feature_dimension").asInt();
        float[] inputs = floats(EXAMPLE.resolve("fixtures/inputs.f32"));
        float[] expected = floats(EXAMPLE.resolve("fixtures/resnet-features.f32"));
        assertThat(expected).hasSize(count * dimension);

        float[][] features;
        try (FeatureExtractor extractor =
                FeatureExtractor.open(NETWORK, TorchScriptImportTest.input(32, 32))) {
            // Two uneven batches: a row's features must not depend on its batch.
            float[][] first = extractor.features(slice(inputs, 0, 5), 5);
            float[][] rest = extractor.features(slice(inputs, 5, count), count - 5);
            features = new float[count][];
            System.arraycopy(first, 0, features, 0, 5);
            System.arraycopy(rest, 0, features, 5, count - 5);
        }

        double worst = 0;
        for (int i = 0; i < count; i++) {
            assertThat(features[i]).hasSize(dimension);
            for (int j = 0; j < dimension; j++) {
                worst = Math.max(worst, Math.abs(features[i][j] - expected[i * dimension + j]));
            }
        }
        assertThat(worst).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void itsAdaptivePoolingTakesALargerInput() throws IOException {
        try (FeatureExtractor extractor =
                FeatureExtractor.open(NETWORK, TorchScriptImportTest.input(64, 64))) {
            float[][] features = extractor.features(new float[2 * 3 * 64 * 64], 2);
            assertThat(features).hasNumberOfRows(2);
            assertThat(features[0]).hasSize(64);
        }
    }

    @Test
    void aFileThatIsNotTorchScriptIsRefusedInOneLine() throws IOException {
        Path text = Files.writeString(tmp.resolve("features.pt"), "{\"state_dict\": 1}");
        assertThatThrownBy(() -> FeatureExtractor.open(text, TorchScriptImportTest.input(32, 32)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not TorchScript")
                .hasMessageNotContaining("\n");
    }

    @Test
    void anInputOfTheWrongShapeIsOneLine() throws IOException {
        // The fashion32 network flattens a 32x32 map into its dense layer: 3x40x40 cannot pass.
        try (FeatureExtractor extractor =
                FeatureExtractor.open(
                        TorchScriptImportTest.NETWORK, TorchScriptImportTest.input(40, 40))) {
            assertThatThrownBy(() -> extractor.features(new float[3 * 40 * 40], 1))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("fails on a batch of 1")
                    .hasMessageNotContaining("\n");
        }
    }

    private static float[] slice(float[] values, int fromRow, int toRow) {
        int size = 3 * 32 * 32;
        float[] out = new float[(toRow - fromRow) * size];
        System.arraycopy(values, fromRow * size, out, 0, out.length);
        return out;
    }

    private static float[] floats(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
    }
}
