package org.oodmonitor.training.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.NoiseImages;
import org.oodmonitor.inference.detector.AlertDetector;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.training.eval.ScoredSet;
import org.oodmonitor.training.eval.Scorer;

/**
 * Fitted on in-distribution validation data only (the committed sample's training images), the
 * detector keeps its TPR there and on unseen test images, and catches noise it never saw.
 */
class AlertDetectorFitterTest {

    private static final Path SAMPLE = Path.of("../samples/fashion-mnist");

    @Test
    void keepsItsTprOnValidationAndTestAndCatchesNoise() throws Exception {
        ImageSet validation =
                IdxFiles.readImages(SAMPLE.resolve("train-images-idx3-ubyte.gz"), null);
        ImageSet test = IdxFiles.readImages(SAMPLE.resolve("t10k-images-idx3-ubyte.gz"), null);
        ImageSet noise = NoiseImages.uniform(500, 28, 28, 3);
        try (OodModel model = OodModel.load(Path.of("../models/fashion-mnist-isomax"))) {
            ScoredSet scored = Scorer.images(model, validation);
            AlertDetector detector = AlertDetectorFitter.fit(scored, 0.95, "sample");

            assertThat(detector.components()).hasSize(5);
            assertThat(flaggedFraction(detector, scored)).isBetween(0.045, 0.05);
            assertThat(flaggedFraction(detector, Scorer.images(model, test))).isBetween(0.02, 0.09);
            assertThat(flaggedFraction(detector, Scorer.images(model, noise))).isEqualTo(1.0);

            // Independently: the fitted detector written into a copy of the model, and the test
            // images judged by the plain-Java reference network and decision rule, which share
            // no scoring or detector code with the above.
            java.nio.file.Path copy = java.nio.file.Files.createTempDirectory("fitted-");
            try {
                java.nio.file.Path source = Path.of("../models/fashion-mnist-isomax");
                for (String file : model.manifest().files().keySet()) {
                    java.nio.file.Files.copy(source.resolve(file), copy.resolve(file));
                }
                org.oodmonitor.inference.model.ModelArtifact.writeManifest(
                        copy, model.manifest().withAlertDetector(detector));
                var reference = org.oodmonitor.inference.reference.ReferenceVerdicts.load(copy);
                int flagged = 0;
                for (int i = 0; i < test.count(); i++) {
                    byte[] pixels =
                            java.util.Arrays.copyOfRange(test.pixels(), i * 784, (i + 1) * 784);
                    if (reference.ofImage(pixels).ood()) {
                        flagged++;
                    }
                }
                assertThat((double) flagged / test.count())
                        .as("test images the reference flags with the fitted detector")
                        .isBetween(0.02, 0.09)
                        .isCloseTo(
                                flaggedFraction(detector, Scorer.images(model, test)),
                                org.assertj.core.data.Offset.offset(0.005));
            } finally {
                try (var files = java.nio.file.Files.list(copy)) {
                    for (java.nio.file.Path f : files.toList()) {
                        java.nio.file.Files.delete(f);
                    }
                }
                java.nio.file.Files.delete(copy);
            }
        }
    }

    private static double flaggedFraction(AlertDetector detector, ScoredSet set) {
        double[] scores = set.alertScores(detector);
        long flagged =
                java.util.Arrays.stream(scores).filter(s -> s < detector.threshold()).count();
        return (double) flagged / scores.length;
    }
}
