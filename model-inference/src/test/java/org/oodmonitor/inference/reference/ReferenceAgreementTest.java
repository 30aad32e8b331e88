package org.oodmonitor.inference.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.MnistDigitsJson;
import org.oodmonitor.inference.data.NoiseImages;
import org.oodmonitor.inference.data.PooledFeatures;
import org.oodmonitor.inference.detector.InputStatistics;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.scoring.Verdict;
import org.oodmonitor.inference.scoring.VerdictFunction;

/**
 * The served path (DJL network, {@code scoring}, {@code detector}) and the independent reference
 * agree on the committed models, on in-distribution images, MNIST digits and noise; and the
 * reference itself classifies Fashion-MNIST by its labels, so the two are not wrong alike.
 */
class ReferenceAgreementTest {

    private static final Path IMAGE_MODEL = Path.of("../models/fashion-mnist-isomax");
    private static final Path VECTOR_MODEL = Path.of("../models/fashion-pooled-vectors");

    private static ImageSet mixedImages() throws Exception {
        ImageSet fashion =
                IdxFiles.readImages(
                        Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"),
                        Path.of("../samples/fashion-mnist/t10k-labels-idx1-ubyte.gz"));
        ImageSet digits = MnistDigitsJson.read(Path.of("../samples/mnist-digits")).head(60);
        ImageSet noise = NoiseImages.uniform(40, 28, 28, 7);
        byte[] pixels = new byte[(200 + 60 + 40) * 784];
        System.arraycopy(fashion.pixels(), 0, pixels, 0, 200 * 784);
        System.arraycopy(digits.pixels(), 0, pixels, 200 * 784, 60 * 784);
        System.arraycopy(noise.pixels(), 0, pixels, 260 * 784, 40 * 784);
        int[] labels = Arrays.copyOf(fashion.labels(), 300);
        Arrays.fill(labels, 200, 300, -1);
        return new ImageSet("mixed", 28, 28, pixels, labels);
    }

    @Test
    void imageModelAgreesWithTheReferenceOnLogitsAndVerdicts() throws Exception {
        ImageSet images = mixedImages();
        ReferenceVerdicts reference = ReferenceVerdicts.load(IMAGE_MODEL);
        ReferenceNetwork network = reference.network();
        int correct = 0;
        int clear = 0;
        int[] flagged = new int[2];
        try (OodModel model = OodModel.load(IMAGE_MODEL)) {
            VerdictFunction served = new VerdictFunction(model.manifest(), null);
            float[][] logits = model.logitsOfImages(images.pixels(), 0, images.count());
            for (int i = 0; i < images.count(); i++) {
                byte[] gray = Arrays.copyOfRange(images.pixels(), i * 784, (i + 1) * 784);
                double[] expected = network.logitsOfImage(gray);
                for (int c = 0; c < expected.length; c++) {
                    assertThat((double) logits[i][c])
                            .as("logit %d of image %d", c, i)
                            .isCloseTo(expected[c], offset(1e-4));
                }
                ReferenceVerdict want = reference.ofImage(gray);
                Verdict got = served.apply(logits[i], InputStatistics.of(gray, 0, 28, 28));
                assertThat(got.predictedClass()).isEqualTo(want.predicted());
                if (want.clear()) {
                    clear++;
                    assertThat(got.ood()).as("verdict of image %d", i).isEqualTo(want.ood());
                }
                if (i < 200) {
                    correct += want.predicted() == images.labels()[i] ? 1 : 0;
                    flagged[0] += want.ood() ? 1 : 0;
                } else if (i >= 260) {
                    flagged[1] += want.ood() ? 1 : 0;
                }
            }
        }
        assertThat(clear).as("clear decisions").isGreaterThanOrEqualTo(290);
        assertThat(correct).as("reference accuracy on 200 labelled images").isGreaterThan(170);
        assertThat(flagged[0]).as("in-distribution images flagged").isLessThan(25);
        assertThat(flagged[1]).as("noise images flagged").isEqualTo(40);
    }

    @Test
    void vectorModelAgreesWithTheReference() throws Exception {
        ImageSet fashion =
                IdxFiles.readImages(
                        Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"), null);
        ReferenceVerdicts reference = ReferenceVerdicts.load(VECTOR_MODEL);
        try (OodModel model = OodModel.load(VECTOR_MODEL)) {
            VerdictFunction served = new VerdictFunction(model.manifest(), null);
            float[][] vectors = new float[100][];
            for (int i = 0; i < vectors.length; i++) {
                vectors[i] =
                        PooledFeatures.of(
                                Arrays.copyOfRange(fashion.pixels(), i * 784, (i + 1) * 784));
            }
            float[][] logits = model.logitsOfVectors(vectors);
            for (int i = 0; i < vectors.length; i++) {
                ReferenceVerdict want = reference.ofVector(vectors[i]);
                Verdict got =
                        served.apply(
                                logits[i],
                                org.oodmonitor.inference.detector.InputStatistics.ofVector(
                                        vectors[i]));
                assertThat(got.score()).isCloseTo(want.score(), offset(1e-4));
                if (want.clear()) {
                    assertThat(got.ood()).isEqualTo(want.ood());
                }
            }
            assertThat(model.manifest().alertDetector().name())
                    .as("the vector model's detector reads the vectors' statistics")
                    .isEqualTo("entropic+vector-statistics");
        }
    }
}
