package org.oodmonitor.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.model.TorchScriptExample;
import org.oodmonitor.inference.nn.Backbones;
import org.oodmonitor.training.data.ImageFiles;
import org.oodmonitor.training.eval.EvaluationReport;
import org.oodmonitor.training.eval.Evaluator;
import org.oodmonitor.training.train.TrainOptions;

/**
 * {@code train --backbone}: the IsoMax+ last layer trained on the frozen features of a ResNet that
 * PyTorch trained with SoftMax ({@code examples/torchscript/resnet-features.pt}, 1,000 training
 * images) classifies the 500 committed validation images about as well as a linear SoftMax probe on
 * the same features, and tells MNIST digits from them far better than the probe's maximum
 * probability does. The numbers are in docs/RESULTS.md.
 */
class BackboneTrainingTest {

    static final Path EXAMPLE = TorchScriptExample.DIR;
    static final Path BACKBONE = EXAMPLE.resolve("resnet-features.pt");
    static final InputSpec INPUT = TorchScriptExample.input(32);

    @TempDir static Path tmp;

    private static EvaluationReport isoMax;
    private static EvaluationReport probe;

    @BeforeAll
    static void trainBothLastLayers() throws IOException {
        isoMax = trainAndEvaluate(ModelManifest.ISOMAX_PLUS, tmp.resolve("isomax"));
        probe = trainAndEvaluate(ModelManifest.SOFTMAX, tmp.resolve("probe"));
        System.out.printf(
                "backbone last layer: IsoMax+ accuracy %.4f, MDS AUROC %.4f (entropic %.4f);"
                        + " SoftMax probe accuracy %.4f, MSP AUROC %.4f%n",
                isoMax.accuracy(),
                auroc(isoMax, "mds"),
                auroc(isoMax, "entropic"),
                probe.accuracy(),
                auroc(probe, "msp"));
    }

    static Training.Result train(String head, Path out) throws IOException {
        TrainOptions options =
                TrainOptions.builder()
                        .name("resnet-" + head)
                        .head(head)
                        .epochs(100)
                        .learningRate(0.01f)
                        .validationSize(200)
                        .build();
        return run(options, BACKBONE, out);
    }

    private static Training.Result run(TrainOptions options, Path backbone, Path out)
            throws IOException {
        return BackboneTraining.run(
                new BackboneTraining.Request(
                        options,
                        backbone,
                        INPUT,
                        EXAMPLE.resolve("images/train"),
                        null,
                        false,
                        0.95,
                        false,
                        out),
                new PrintWriter(new StringWriter()),
                new PrintStream(PrintStream.nullOutputStream()));
    }

    private static EvaluationReport trainAndEvaluate(String head, Path out) throws IOException {
        train(head, out);
        try (OodModel model = OodModel.load(out)) {
            List<String> classes = model.manifest().classLabels();
            return Evaluator.evaluateFiles(
                            model,
                            ImageFiles.labelled(EXAMPLE.resolve("images/val"), classes),
                            List.of(ImageFiles.unlabelled(EXAMPLE.resolve("images/digits"))))
                    .report();
        }
    }

    private static double auroc(EvaluationReport report, String score) {
        return report.ood().get("digits").get(score).auroc();
    }

    @Test
    void theIsoMaxLastLayerClassifiesAboutAsWellAsALinearSoftMaxProbe() {
        assertThat(isoMax.accuracy()).isGreaterThan(0.85);
        assertThat(isoMax.accuracy()).isGreaterThanOrEqualTo(probe.accuracy() - 0.03);
    }

    @Test
    void itsMinimumDistanceScoreTellsDigitsApartFarBetterThanTheProbe() {
        assertThat(auroc(isoMax, "mds")).isGreaterThan(0.8);
        assertThat(auroc(isoMax, "mds")).isGreaterThan(auroc(probe, "msp") + 0.1);
    }

    @Test
    void theDirectoryServesTheExtractorAndTheLayerVerifiedAndCalibrated() throws IOException {
        ModelManifest manifest = ModelArtifact.readVerified(tmp.resolve("isomax"));
        assertThat(manifest.backbone()).isEqualTo(Backbones.TORCHSCRIPT_FEATURES);
        assertThat(manifest.files())
                .containsOnlyKeys(ModelArtifact.TORCHSCRIPT_FILE, ModelArtifact.HEAD_FILE);
        assertThat(manifest.featureDimension()).isEqualTo(64);
        assertThat(manifest.classLabels()).hasSize(10).startsWith("0-t-shirt-top");
        assertThat(manifest.calibration()).isNotNull();
        assertThat(manifest.alertDetector()).isNotNull();
        assertThat(manifest.shiftReference()).isNotNull();
        assertThat(manifest.training().validationCount()).isEqualTo(200);
        assertThat(manifest.training().trainCount()).isEqualTo(800);
    }

    @Test
    void aChangedLastLayerIsRefused() throws IOException {
        Path copy = tmp.resolve("tampered");
        Files.createDirectories(copy);
        for (String file :
                List.of(
                        ModelArtifact.MANIFEST,
                        ModelArtifact.TORCHSCRIPT_FILE,
                        ModelArtifact.HEAD_FILE)) {
            Files.copy(tmp.resolve("isomax").resolve(file), copy.resolve(file));
        }
        byte[] head = Files.readAllBytes(copy.resolve(ModelArtifact.HEAD_FILE));
        head[head.length - 1] ^= 1;
        Files.write(copy.resolve(ModelArtifact.HEAD_FILE), head);
        assertThatThrownBy(() -> OodModel.load(copy))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("checksum mismatch for head.params");
    }

    @Test
    void aBackboneThatIsNotTorchScriptLeavesNothing() throws IOException {
        Path notANetwork = Files.writeString(tmp.resolve("weights.pt"), "a state_dict");
        Path out = tmp.resolve("refused");
        TrainOptions options = TrainOptions.builder().validationSize(200).build();
        assertThatThrownBy(() -> run(options, notANetwork, out))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not TorchScript")
                .hasMessageNotContaining("\n");
        assertThat(out).doesNotExist();
    }
}
