package org.oodmonitor.inference.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.detector.InputStatistics;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.scoring.ScoreKind;
import org.oodmonitor.inference.scoring.Verdict;
import org.oodmonitor.inference.scoring.VerdictFunction;

/**
 * The committed model gets the same input values and the same scores from a Fashion-MNIST image
 * whether it arrives as raw pixels or as any lossless PNG of it, and nearly the same from a JPEG.
 */
class PreprocessorTest {

    private static final Path MODEL = Path.of("../models/fashion-mnist-isomax");
    private static final Path IMAGES =
            Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz");
    private static final int COUNT = 50;
    private static final int SIDE = 28;

    /**
     * Largest accepted |score difference| between a JPEG (quality 0.95) and the raw image.
     * Measured: 0.0125 on the 50 test images used here (0.039 on the first 1000 test images).
     */
    private static final double JPEG_SCORE_TOLERANCE = 0.05;

    /**
     * Largest accepted fraction of OOD verdicts that a JPEG (quality 0.95) flips. Measured: 0 of
     * the 50 test images used here (2 of the first 1000, 0.2%).
     */
    private static final double JPEG_MAX_FLIP_FRACTION = 0.02;

    private static OodModel model;
    private static ImageSet fashion;

    @BeforeAll
    static void load() throws IOException {
        model = OodModel.load(MODEL);
        fashion = IdxFiles.readImages(IMAGES, null);
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void losslessEncodingsGiveIdenticalInputsAndScores() throws Exception {
        Preprocessor pre = model.preprocessor();
        float[] raw = inputs(i -> pre.image("raw", pixels(i), SIDE, SIDE, 1));
        float[][] rawLogits = model.logits(raw, COUNT);

        Map<String, Encoding> encodings = new LinkedHashMap<>();
        encodings.put("raw RGB", i -> pre.image("raw", rgb(pixels(i)), SIDE, SIDE, 3));
        encodings.put("8-bit gray PNG", i -> pre.image("png", gray8Png(pixels(i)), 0, 0, 1));
        encodings.put(
                "RGB PNG (3-byte BGR)",
                i -> pre.image("png", rgbPng(pixels(i), BufferedImage.TYPE_3BYTE_BGR), 0, 0, 1));
        encodings.put(
                "RGB PNG (int RGB)",
                i -> pre.image("png", rgbPng(pixels(i), BufferedImage.TYPE_INT_RGB), 0, 0, 1));
        encodings.put("palette PNG", i -> pre.image("png", palettePng(pixels(i)), 0, 0, 1));
        encodings.put("16-bit gray PNG", i -> pre.image("png", gray16Png(pixels(i)), 0, 0, 1));

        for (var encoding : encodings.entrySet()) {
            float[] input = inputs(encoding.getValue());
            assertThat(input).as(encoding.getKey() + " inputs").isEqualTo(raw);
            float[][] logits = model.logits(input, COUNT);
            assertThat(logits).as(encoding.getKey() + " logits").isDeepEqualTo(rawLogits);
            assertThat(scores(logits))
                    .as(encoding.getKey() + " scores")
                    .isEqualTo(scores(rawLogits));
        }
    }

    @Test
    void pngsAreReallyWrittenInTheFormatsUnderTest() throws IOException {
        byte[] pixels = pixels(0);
        // IHDR bit depth and colour type, at offsets 24 and 25 of a PNG file.
        assertThat(ihdr(gray8Png(pixels))).containsExactly(8, 0);
        assertThat(ihdr(rgbPng(pixels, BufferedImage.TYPE_3BYTE_BGR))).containsExactly(8, 2);
        assertThat(ihdr(rgbPng(pixels, BufferedImage.TYPE_INT_RGB))).containsExactly(8, 2);
        assertThat(ihdr(palettePng(pixels))).containsExactly(8, 3);
        assertThat(ihdr(gray16Png(pixels))).containsExactly(16, 0);
    }

    @Test
    void jpegScoresStayCloseToRawScores() throws Exception {
        Preprocessor pre = model.preprocessor();
        float[] raw = inputs(i -> pre.image("raw", pixels(i), SIDE, SIDE, 1));
        float[] jpeg =
                inputs(
                        i ->
                                pre.image(
                                        "jpeg",
                                        TestImages.jpeg(TestImages.gray(pixels(i), SIDE), 0.95f),
                                        0,
                                        0,
                                        1));
        assertThat(jpeg).as("JPEG is lossy").isNotEqualTo(raw);

        VerdictFunction verdicts = new VerdictFunction(model.manifest(), null);
        float[][] rawLogits = model.logits(raw, COUNT);
        float[][] jpegLogits = model.logits(jpeg, COUNT);
        double maxDifference = 0;
        int flips = 0;
        for (int i = 0; i < COUNT; i++) {
            byte[] jpegGray =
                    pre.gray(
                            "jpeg",
                            TestImages.jpeg(TestImages.gray(pixels(i), SIDE), 0.95f),
                            0,
                            0,
                            1);
            Verdict fromRaw =
                    verdicts.apply(rawLogits[i], InputStatistics.of(pixels(i), 0, SIDE, SIDE));
            Verdict fromJpeg =
                    verdicts.apply(jpegLogits[i], InputStatistics.of(jpegGray, 0, SIDE, SIDE));
            maxDifference = Math.max(maxDifference, Math.abs(fromRaw.score() - fromJpeg.score()));
            if (fromRaw.ood() != fromJpeg.ood()) {
                flips++;
            }
        }
        assertThat(maxDifference).isLessThan(JPEG_SCORE_TOLERANCE);
        assertThat((double) flips / COUNT).isLessThanOrEqualTo(JPEG_MAX_FLIP_FRACTION);
    }

    @Test
    void pngGrayLevelIsTakenAsStoredWithoutColourConversion() throws Exception {
        byte[] gray64 = new byte[SIDE * SIDE];
        Arrays.fill(gray64, (byte) 64);
        byte[] png = gray8Png(gray64);
        Preprocessor pre = model.preprocessor();

        assertThat(pre.image("png", png, 0, 0, 1))
                .isEqualTo(pre.image("raw", gray64, SIDE, SIDE, 1));
        // The colour-converting path of the old code read this pixel as 137.
        assertThat(ImageIO.read(new ByteArrayInputStream(png)).getRGB(0, 0) & 0xff).isEqualTo(137);
    }

    /** One image's model input, by test image index. */
    private interface Encoding {
        float[] input(int image) throws Exception;
    }

    private static float[] inputs(Encoding encoding) throws Exception {
        int size = model.preprocessor().size();
        float[] out = new float[COUNT * size];
        for (int i = 0; i < COUNT; i++) {
            System.arraycopy(encoding.input(i), 0, out, i * size, size);
        }
        return out;
    }

    private static double[] scores(float[][] logits) throws InputException {
        double[] scores = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            scores[i] = ScoreKind.MDS.of(logits[i]);
        }
        return scores;
    }

    private static byte[] pixels(int image) {
        int size = fashion.imageSize();
        return Arrays.copyOfRange(fashion.pixels(), image * size, (image + 1) * size);
    }

    private static byte[] rgb(byte[] gray) {
        byte[] out = new byte[gray.length * 3];
        for (int i = 0; i < gray.length; i++) {
            Arrays.fill(out, 3 * i, 3 * i + 3, gray[i]);
        }
        return out;
    }

    private static byte[] gray8Png(byte[] pixels) throws IOException {
        return TestImages.png(TestImages.gray(pixels, SIDE));
    }

    private static byte[] rgbPng(byte[] pixels, int type) throws IOException {
        BufferedImage image = new BufferedImage(SIDE, SIDE, type);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int v = pixels[y * SIDE + x] & 0xff;
                image.getRaster().setPixel(x, y, new int[] {v, v, v});
            }
        }
        return TestImages.png(image);
    }

    /**
     * A palette PNG whose entry {@code i} is gray {@code 255 - i}: a plain gray ramp would be
     * written as a gray PNG instead.
     */
    private static byte[] palettePng(byte[] pixels) throws IOException {
        byte[] levels = new byte[256];
        for (int i = 0; i < 256; i++) {
            levels[i] = (byte) (255 - i);
        }
        BufferedImage image =
                new BufferedImage(
                        SIDE,
                        SIDE,
                        BufferedImage.TYPE_BYTE_INDEXED,
                        new IndexColorModel(8, 256, levels, levels, levels));
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                image.getRaster().setSample(x, y, 0, 255 - (pixels[y * SIDE + x] & 0xff));
            }
        }
        return TestImages.png(image);
    }

    private static byte[] gray16Png(byte[] pixels) throws IOException {
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                image.getRaster().setSample(x, y, 0, (pixels[y * SIDE + x] & 0xff) * 257);
            }
        }
        return TestImages.png(image);
    }

    private static int[] ihdr(byte[] png) {
        return new int[] {png[24], png[25]};
    }
}
