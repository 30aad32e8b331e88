package org.oodmonitor.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.scoring.ScoreKind;
import org.oodmonitor.training.eval.ScoredSet;
import org.oodmonitor.training.eval.Scorer;

/**
 * The one calibration sequence of {@code train} and {@code calibrate}: the threshold keeps the
 * asked share of the validation scores, and the detector is fitted at the same TPR on the same
 * events.
 */
class ModelCalibrationTest {

    private static final Path MODEL = Path.of("../models/fashion-mnist-isomax");

    @Test
    void theThresholdKeepsTheAskedShareAndTheDetectorSharesItsTprAndSource() throws Exception {
        ImageSet images =
                IdxFiles.readImages(
                                Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"),
                                Path.of("../samples/fashion-mnist/t10k-labels-idx1-ubyte.gz"))
                        .head(400);
        try (OodModel model = OodModel.load(MODEL)) {
            ScoredSet scored = Scorer.images(model, images);
            ModelCalibration.Fitted fitted = ModelCalibration.fit(scored, 0.9, true, 10, "test");

            double threshold = fitted.calibration().threshold();
            long kept = 0;
            for (double s : scored.scores(ScoreKind.MDS)) {
                kept += s >= threshold ? 1 : 0;
            }
            // 90% of 400 is 360: the threshold keeps at least that many and at most one more.
            assertThat(kept).isBetween(360L, 361L);
            assertThat(fitted.calibration().perClassThresholds()).hasSize(10);
            assertThat(fitted.calibration().tpr()).isEqualTo(0.9);
            assertThat(fitted.calibration().validationSource()).isEqualTo("test");
            assertThat(fitted.detector().threshold()).isFinite();

            ModelManifest applied = fitted.applyTo(model.manifest());
            assertThat(applied.calibration()).isEqualTo(fitted.calibration());
            assertThat(applied.alertDetector()).isEqualTo(fitted.detector());
            assertThatThrownBy(() -> ModelCalibration.fit(scored, 1.5, false, 10, "test"))
                    .hasMessage("TPR must be in (0, 1], was 1.5");
        }
    }
}
