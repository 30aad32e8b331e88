package org.oodmonitor.inference.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.model.Preprocessing;

/**
 * The preprocessing of a model with {@link Preprocessing} against torchvision 0.14 on PIL 9.4
 * (fixtures by {@code scripts/make-preprocessing-fixtures.py}): PNG images of several sizes, RGB
 * and gray, through bilinear and bicubic resizes, centre crops and per-channel normalisation give
 * torchvision's tensor to the last float; JPEG images within one 8-bit level, the tolerance we
 * state since Java's decoder and PIL's libjpeg could differ in a pixel's last level (on these
 * fixtures they agree exactly). An image in raw pixels gives what its PNG gives, and an image over
 * the decoded-size limits is refused before it is decoded.
 */
class TorchvisionPreprocessingTest {

    static final Path FIXTURES = Path.of("../examples/preprocessing");

    /**
     * The largest difference a JPEG image may show, in normalised units (one level is 1/255/std).
     */
    static final double JPEG_TOLERANCE = 0.25;

    static Stream<Arguments> cases() throws IOException {
        JsonNode meta = new ObjectMapper().readTree(FIXTURES.resolve("fixtures.json").toFile());
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode image : meta.get("images")) {
            meta.get("pipelines")
                    .fields()
                    .forEachRemaining(
                            p ->
                                    cases.add(
                                            Arguments.of(
                                                    image.get("file").asText(),
                                                    p.getKey(),
                                                    p.getValue())));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void givesTorchvisionsTensor(String file, String pipeline, JsonNode spec) throws Exception {
        List<Float> mean = new ArrayList<>();
        spec.get("mean").forEach(v -> mean.add((float) v.asDouble()));
        List<Float> std = new ArrayList<>();
        spec.get("std").forEach(v -> std.add((float) v.asDouble()));
        int channels = "RGB".equals(spec.get("mode").asText()) ? 3 : 1;
        int height = spec.get("crop").get(0).asInt();
        int width = spec.get("crop").get(1).asInt();
        Preprocessing steps =
                new Preprocessing(
                        spec.get("resize").asInt(),
                        spec.get("interpolation").asText(),
                        List.of(height, width),
                        mean,
                        std,
                        Preprocessing.RGB);
        assertThat(steps.problems(height, width, channels)).isEmpty();
        Preprocessor pre =
                new Preprocessor(
                        new InputSpec(
                                InputSpec.IMAGE, height, width, channels, null, null, null, steps),
                        "m");
        String encoding = file.endsWith(".png") ? "png" : "jpeg";

        float[] ours = pre.image(encoding, Files.readAllBytes(FIXTURES.resolve(file)), 0, 0, 0);
        float[] theirs =
                floats(
                        FIXTURES.resolve(
                                file.replaceAll("\\.(png|jpg)$", "") + "." + pipeline + ".f32"));

        assertThat(ours).hasSameSizeAs(theirs);
        double worst = 0;
        for (int i = 0; i < ours.length; i++) {
            worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
        }
        if (encoding.equals("png")) {
            assertThat(ours).as("torchvision's tensor, float for float").containsExactly(theirs);
        } else {
            assertThat(worst)
                    .as("largest difference from torchvision")
                    .isLessThanOrEqualTo(JPEG_TOLERANCE);
        }
        System.out.printf("%s %s: largest difference %.6f%n", file, pipeline, worst);
    }

    @org.junit.jupiter.api.Test
    void anImageOverTheDecodedSizeLimitsIsRefusedBeforeItIsDecoded() throws Exception {
        Preprocessing steps =
                new Preprocessing(
                        32,
                        "bilinear",
                        List.of(32, 32),
                        List.of(0f, 0f, 0f),
                        List.of(1f, 1f, 1f),
                        "rgb");
        Preprocessor pre =
                new Preprocessor(
                        new InputSpec(InputSpec.IMAGE, 32, 32, 3, null, null, null, steps), "m");
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(
                new java.awt.image.BufferedImage(
                        4097, 1, java.awt.image.BufferedImage.TYPE_3BYTE_BGR),
                "png",
                png);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> pre.image("png", png.toByteArray(), 0, 0, 0))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("1x4097, over the limits of 4096 pixels a side");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> pre.image("raw", new byte[1300 * 1300 * 3], 1300, 1300, 3))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("decoded bytes");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> pre.image("raw", new byte[4000 * 3], 1, 4000, 3))
                .as("a thin image whose shorter side would be resized up to 128,000 pixels long")
                .isInstanceOf(InputException.class)
                .hasMessageContaining("resized to 32 on its shorter side it would hold more than");
    }

    static float[] floats(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
    }
}
