package org.oodmonitor.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.MnistDigitsJson;
import org.oodmonitor.inference.data.NoiseImages;

/** The loaders read the committed samples and refuse broken files with a clear message. */
class DataLoadersTest {

    static final Path SAMPLES = Path.of("../samples");
    static final Path TEST_IMAGES = SAMPLES.resolve("fashion-mnist/t10k-images-idx3-ubyte.gz");
    static final Path TEST_LABELS = SAMPLES.resolve("fashion-mnist/t10k-labels-idx1-ubyte.gz");

    @TempDir Path tmp;

    @Test
    void readsGzippedAndPlainIdx() throws IOException {
        ImageSet gz = IdxFiles.readImages(TEST_IMAGES, TEST_LABELS);
        assertThat(gz.count()).isEqualTo(1000);
        assertThat(gz.height()).isEqualTo(28);
        assertThat(Arrays.stream(gz.labels()).distinct().sorted().toArray())
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        // The first Fashion-MNIST test image is an ankle boot (class 9).
        assertThat(gz.labels()[0]).isEqualTo(9);

        Path plain = tmp.resolve("images.idx");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(TEST_IMAGES))) {
            Files.write(plain, in.readAllBytes());
        }
        assertThat(IdxFiles.readImages(plain, null).pixels()).isEqualTo(gz.pixels());
    }

    @Test
    void brokenIdxFilesAreRefusedWithTheReason() throws IOException {
        Path labelsAsImages = TEST_LABELS;
        assertThatThrownBy(() -> IdxFiles.readImages(labelsAsImages, null))
                .hasMessageContaining("not an IDX image file (magic 0x801, expected 0x803)");
        Path truncated = tmp.resolve("truncated.idx");
        byte[] header = {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3};
        Files.write(truncated, header);
        assertThatThrownBy(() -> IdxFiles.readImages(truncated, null))
                .hasMessageContaining(
                        "truncated: its header claims 2 images (1568 bytes of data) but it holds"
                                + " 3");
        // #19 B10: a header that claims 2,700,000 images of 28x28 (2.1 GB) in a 19-byte file
        // used to allocate the claimed array first: OutOfMemoryError instead of this line.
        Path claims = tmp.resolve("claims-millions.idx");
        byte[] huge = header.clone();
        huge[4] = 0;
        huge[5] = 0x29;
        huge[6] = 0x32;
        huge[7] = (byte) 0xe0;
        Files.write(claims, huge);
        assertThatThrownBy(() -> IdxFiles.readImages(claims, null))
                .hasMessageContaining("truncated: its header claims 2700000 images")
                .hasMessageContaining("but it holds 3");
        assertThatThrownBy(() -> IdxFiles.readImages(tmp.resolve("nope"), null))
                .hasMessageContaining("no such file");
        assertThatThrownBy(
                        () ->
                                IdxFiles.readImages(
                                        TEST_IMAGES,
                                        SAMPLES.resolve(
                                                "fashion-mnist/train-labels-idx1-ubyte.gz")))
                .hasMessageContaining("has 2000 labels but")
                .hasMessageContaining("has 1000 images");
    }

    @Test
    void readsTheNpmMnistDigits() throws IOException {
        ImageSet digits = MnistDigitsJson.read(SAMPLES.resolve("mnist-digits"));
        assertThat(digits.count()).isEqualTo(1000);
        assertThat(digits.labels()[0]).isZero();
        assertThat(digits.labels()[999]).isEqualTo(9);
        int max = 0;
        for (byte b : digits.pixels()) {
            max = Math.max(max, b & 0xff);
        }
        assertThat(max).isEqualTo(255);
        assertThatThrownBy(() -> MnistDigitsJson.read(tmp)).hasMessageContaining("missing 0.json");
    }

    @Test
    void readsVectorsFromJsonlAndCsv() throws IOException {
        Path jsonl = tmp.resolve("v.jsonl");
        Files.writeString(
                jsonl,
                "{\"features\": [1, 2.5], \"label\": 1}\n\n"
                        + "{\"features\": [0, -1], \"label\": 0}\n");
        VectorSet fromJson = VectorFiles.read(jsonl);
        assertThat(fromJson.vectors()).isDeepEqualTo(new float[][] {{1f, 2.5f}, {0f, -1f}});
        assertThat(fromJson.labels()).containsExactly(1, 0);

        Path csv = tmp.resolve("v.csv");
        Files.writeString(csv, "label,a,b\n1,1,2.5\n0,0,-1\n", StandardCharsets.UTF_8);
        assertThat(VectorFiles.read(csv).vectors()).isDeepEqualTo(fromJson.vectors());

        Files.writeString(csv, "1,1,2.5\n0,NaN,-1\n");
        assertThatThrownBy(() -> VectorFiles.read(csv))
                .hasMessageContaining("line 2: value 0 is not a finite number");
        Files.writeString(csv, "1,1,2.5\n0,1\n");
        assertThatThrownBy(() -> VectorFiles.read(csv))
                .hasMessageContaining("vector 1 has 1 values");
    }

    @Test
    void noiseIsSeededAndSplitIsRepeatable() {
        assertThat(NoiseImages.uniform(3, 28, 28, 1).pixels())
                .isEqualTo(NoiseImages.uniform(3, 28, 28, 1).pixels())
                .isNotEqualTo(NoiseImages.gaussian(3, 28, 28, 1).pixels());
        Split a = Split.of(100, 10, 5);
        assertThat(a.validation()).isEqualTo(Split.of(100, 10, 5).validation()).hasSize(10);
        assertThat(a.train()).hasSize(90).doesNotContain(a.validation());
        assertThatThrownBy(() -> Split.of(10, 10, 1)).hasMessageContaining("between 1 and 9");
    }
}
