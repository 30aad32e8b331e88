package org.oodmonitor.inference.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.schemas.ErrorCode;

/**
 * Bytes that are not a usable image, and inputs of the wrong kind, become an {@link InputException}
 * with the dead-letter code that says why, never another exception.
 */
class ImageDecoderTest {

    private static final int SIDE = 28;

    private static Preprocessor images;
    private static Preprocessor vectors;
    private static byte[] pixels;

    @BeforeAll
    static void load() throws IOException {
        ModelManifest image = ModelArtifact.readVerified(Path.of("../models/fashion-mnist-isomax"));
        ModelManifest vector =
                ModelArtifact.readVerified(Path.of("../models/fashion-pooled-vectors"));
        images = new Preprocessor(image.input(), image.name());
        vectors = new Preprocessor(vector.input(), vector.name());
        byte[] all =
                IdxFiles.readImages(
                                Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"), null)
                        .pixels();
        pixels = Arrays.copyOf(all, SIDE * SIDE);
    }

    @Test
    void validPngDecodesToItsGrayLevels() throws Exception {
        assertThat(
                        ImageDecoder.decode(
                                TestImages.png(TestImages.gray(pixels, SIDE)), "png", SIDE, SIDE))
                .isEqualTo(pixels);
    }

    @Test
    void decompressionBombIsRefusedFromItsHeaderAlone() throws IOException {
        byte[] bomb = TestImages.handMadePng(100_000, 100_000, 0, new byte[4 * (100_000 + 1)]);
        assertThat(bomb.length).as("a small file").isLessThan(2048);

        InputException e = decodeFails(bomb, "png");
        assertThat(e.code()).isEqualTo(ErrorCode.WRONG_SHAPE);
        assertThat(e.getMessage()).contains("100000x100000");
        assertThat(code(() -> images.image("png", bomb, 0, 0, 1))).isEqualTo(ErrorCode.WRONG_SHAPE);
        // The header alone decides: cut right after IHDR (signature 8 + chunk 25 bytes), a file
        // whose pixels could not be read at all still gets WRONG_SHAPE, where a cut 28x28 PNG is
        // CORRUPT_IMAGE (truncatedPngIsCorrupt). No timing involved.
        byte[] headerOnly = Arrays.copyOf(bomb, 33);
        assertThat(decodeFails(headerOnly, "png").code()).isEqualTo(ErrorCode.WRONG_SHAPE);
    }

    @Test
    void truncatedPngIsCorrupt() throws IOException {
        byte[] png = TestImages.png(TestImages.gray(pixels, SIDE));
        assertThat(decodeFails(Arrays.copyOf(png, 40), "png").code())
                .isEqualTo(ErrorCode.CORRUPT_IMAGE);
        assertThat(decodeFails(Arrays.copyOf(png, png.length / 2), "png").code())
                .isEqualTo(ErrorCode.CORRUPT_IMAGE);
    }

    @Test
    void randomBytesAreCorrupt() {
        byte[] noise = new byte[1000];
        new Random(42).nextBytes(noise);
        assertThat(decodeFails(noise, "png").code()).isEqualTo(ErrorCode.CORRUPT_IMAGE);
        assertThat(decodeFails(noise, "jpeg").code()).isEqualTo(ErrorCode.CORRUPT_IMAGE);
        assertThat(decodeFails(new byte[0], "png").code()).isEqualTo(ErrorCode.CORRUPT_IMAGE);
    }

    @Test
    void paletteImageWithoutPaletteIsCorrupt() throws IOException {
        byte[] png = TestImages.handMadePng(SIDE, SIDE, 3, new byte[SIDE * (SIDE + 1)]);
        assertThat(decodeFails(png, "png").code()).isEqualTo(ErrorCode.CORRUPT_IMAGE);
    }

    @Test
    void validImageOfAnotherSizeHasTheWrongShape() throws IOException {
        byte[] png = TestImages.png(TestImages.gray(new byte[32 * 32], 32));
        InputException e = decodeFails(png, "png");
        assertThat(e.code()).isEqualTo(ErrorCode.WRONG_SHAPE);
        assertThat(e.getMessage()).contains("32x32");
        assertThat(
                        decodeFails(
                                        TestImages.jpeg(
                                                TestImages.gray(new byte[32 * 32], 32), 0.75f),
                                        "jpeg")
                                .code())
                .isEqualTo(ErrorCode.WRONG_SHAPE);
    }

    @Test
    void jpegCutBeforeItsScanIsCorruptButCutInsideItDecodes() throws Exception {
        byte[] jpeg = TestImages.jpeg(TestImages.gray(pixels, SIDE), 0.75f);
        int scan = TestImages.startOfScan(jpeg);

        assertThat(decodeFails(Arrays.copyOf(jpeg, scan - 4), "jpeg").code())
                .isEqualTo(ErrorCode.CORRUPT_IMAGE);
        // Measured: the JDK's JPEG reader only warns about a premature end of the data and pads
        // the missing part of the image, so a JPEG whose header is intact decodes.
        byte[] cut = Arrays.copyOf(jpeg, scan + (jpeg.length - scan) / 2);
        assertThat(ImageDecoder.decode(cut, "jpeg", SIDE, SIDE)).hasSize(SIDE * SIDE);
    }

    @Test
    void rawImageWithTheWrongByteCountIsCorrupt() {
        assertThat(code(() -> images.image("raw", new byte[SIDE * SIDE - 1], SIDE, SIDE, 1)))
                .isEqualTo(ErrorCode.CORRUPT_IMAGE);
        assertThat(code(() -> images.image("raw", pixels, SIDE, SIDE, 3)))
                .isEqualTo(ErrorCode.CORRUPT_IMAGE);
        assertThat(code(() -> images.image("raw", new byte[2 * SIDE * SIDE], SIDE, SIDE, 2)))
                .isEqualTo(ErrorCode.CORRUPT_IMAGE);
    }

    @Test
    void rawImageOfAnotherSizeHasTheWrongShape() {
        assertThat(code(() -> images.image("raw", new byte[32 * 32], 32, 32, 1)))
                .isEqualTo(ErrorCode.WRONG_SHAPE);
    }

    @Test
    void vectorWithANonFiniteValueBreaksTheSchema() {
        float[] features = new float[vectors.size()];
        features[3] = Float.NaN;
        assertThat(code(() -> vectors.vector(features))).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
        features[3] = Float.NEGATIVE_INFINITY;
        assertThat(code(() -> vectors.vector(features))).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
    }

    @Test
    void inputsOfTheWrongKindOrLengthAreRefused() {
        assertThat(code(() -> images.vector(new float[images.size()])))
                .isEqualTo(ErrorCode.WRONG_DIMENSION);
        assertThat(code(() -> vectors.vector(new float[vectors.size() - 1])))
                .isEqualTo(ErrorCode.WRONG_DIMENSION);
        assertThat(code(() -> vectors.image("raw", pixels, SIDE, SIDE, 1)))
                .isEqualTo(ErrorCode.WRONG_SHAPE);
    }

    private static InputException decodeFails(byte[] bytes, String format) {
        InputException e =
                catchThrowableOfType(
                        InputException.class, () -> ImageDecoder.decode(bytes, format, SIDE, SIDE));
        assertThat(e).as("an InputException").isNotNull();
        return e;
    }

    private static ErrorCode code(ThrowingCallable call) {
        InputException e = catchThrowableOfType(InputException.class, call);
        assertThat(e).as("an InputException").isNotNull();
        return e.code();
    }
}
