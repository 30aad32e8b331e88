package org.oodmonitor.inference.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.oodmonitor.inference.model.Calibration;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.preprocess.InputException;
import org.oodmonitor.schemas.ErrorCode;

/** The one threshold rule and the verdicts built on it, on the committed model's manifest. */
class ThresholdRuleTest {

    private static ModelManifest committed() throws IOException {
        return ModelArtifact.readVerified(Path.of("../models/fashion-mnist-isomax"));
    }

    @Test
    void calibratedGlobalThresholdAppliesToEveryClass() throws IOException {
        ModelManifest m = committed();
        ThresholdRule rule = ThresholdRule.of(m, null);
        assertThat(rule.source()).isEqualTo("calibrated");
        assertThat(rule.global()).isEqualTo(m.calibration().threshold());
        for (int c = 0; c < m.classLabels().size(); c++) {
            assertThat(rule.thresholdFor(c)).isEqualTo(m.calibration().threshold());
        }
    }

    @Test
    void perClassThresholdsApplyByPredictedClassAndAnOverrideBeatsThem() throws IOException {
        ModelManifest m =
                committed()
                        .withCalibration(
                                new Calibration("mds", -2.0, 0.95, List.of(-1.0, -3.0), 100, "t"));
        ThresholdRule rule = ThresholdRule.of(m, null);
        assertThat(rule.thresholdFor(0)).isEqualTo(-1.0);
        assertThat(rule.thresholdFor(1)).isEqualTo(-3.0);

        ThresholdRule override = ThresholdRule.of(m, -0.5);
        assertThat(override.source()).isEqualTo("override");
        assertThat(override.thresholdFor(0)).isEqualTo(-0.5);
        assertThat(override.thresholdFor(1)).isEqualTo(-0.5);
    }

    @Test
    void uncalibratedModelWithoutOverrideIsRefusedWithTheReason() throws IOException {
        ModelManifest m = committed().withCalibration(null);
        assertThatThrownBy(() -> ThresholdRule.of(m, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not calibrated");
        assertThat(ThresholdRule.of(m, -2.5).global()).isEqualTo(-2.5);
        assertThatThrownBy(() -> ThresholdRule.of(m, Double.NaN))
                .hasMessageContaining("threshold override");
    }

    @Test
    void verdictOfHandComputedLogits() throws Exception {
        ModelManifest m =
                committed()
                        .withCalibration(new Calibration("mds", -2.0, 0.95, null, 100, "t"))
                        .withAlertDetector(null);
        VerdictFunction verdicts = new VerdictFunction(m, null);
        // Class 3 is nearest (scaled distance 1.5): score -1.5 is above -2.0, in distribution.
        float[] near = {-4f, -3f, -2.5f, -1.5f, -5f, -6f, -7f, -8f, -9f, -9.5f};
        Verdict in = verdicts.apply(near);
        assertThat(in.predictedClass()).isEqualTo(3);
        assertThat(in.predictedLabel()).isEqualTo(m.classLabels().get(3));
        assertThat(in.score()).isCloseTo(-1.5, within(1e-9));
        assertThat(in.minDistance()).isCloseTo(1.5, within(1e-9));
        assertThat(in.ood()).isFalse();
        // Every prototype is far: the nearest (class 9, distance 2.25) is beyond the threshold.
        float[] far = {-4f, -3f, -2.5f, -3.5f, -5f, -6f, -7f, -8f, -9f, -2.25f};
        Verdict out = verdicts.apply(far);
        assertThat(out.predictedClass()).isEqualTo(9);
        assertThat(out.ood()).isTrue();
    }

    @Test
    void nonFiniteLogitsAreAnInferenceFailureNotAVerdict() throws IOException {
        VerdictFunction verdicts = new VerdictFunction(committed(), null);
        float[] logits = new float[10];
        logits[4] = Float.NaN;
        assertThatThrownBy(() -> verdicts.apply(logits))
                .isInstanceOfSatisfying(
                        InputException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INFERENCE_FAILED));
    }

    @Test
    void softmaxHeadIsRefusedBecauseItsLogitsAreNotDistances() throws IOException {
        ModelManifest m = committed();
        ModelManifest softmax =
                new ModelManifest(
                        m.formatVersion(),
                        m.name(),
                        m.version(),
                        ModelManifest.SOFTMAX,
                        m.backbone(),
                        m.hiddenUnits(),
                        m.input(),
                        m.classLabels(),
                        m.featureDimension(),
                        m.entropicScale(),
                        m.calibration(),
                        m.alertDetector(),
                        m.training(),
                        m.files(),
                        null);
        assertThatThrownBy(() -> new VerdictFunction(softmax, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("softmax")
                .hasMessageContaining("IsoMax+");
    }
}
