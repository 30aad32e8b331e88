package org.oodmonitor.cli.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.OodModel;

/**
 * The commands' work on the committed default model and the committed sample: evaluate's JSON
 * contract and HTML report, calibrate's threshold, a short train run, and a runtime error's one
 * line and exit code 1. Parsing, help and usage errors: the {@code *CommandTest}s.
 */
class CommandsTest {

    static final Path MODEL = Path.of("../models/fashion-mnist-isomax");
    static final String IMAGES = "../samples/fashion-mnist/t10k-images-idx3-ubyte.gz";
    static final String LABELS = "../samples/fashion-mnist/t10k-labels-idx1-ubyte.gz";
    static final String TRAIN_IMAGES = "../samples/fashion-mnist/train-images-idx3-ubyte.gz";
    static final String TRAIN_LABELS = "../samples/fashion-mnist/train-labels-idx1-ubyte.gz";

    @TempDir Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private PrintStream out() {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    private PrintStream err() {
        return new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    @Test
    void evaluateWritesTheJsonContractAndAnHtmlReport() throws IOException {
        Path json = tmp.resolve("report.json");
        Path html = tmp.resolve("report.html");

        int exit =
                EvaluateCommand.run(
                        args(
                                "--model",
                                MODEL.toString(),
                                "--images",
                                IMAGES,
                                "--labels",
                                LABELS,
                                "--ood",
                                "mnist=../samples/mnist-digits",
                                "--ood",
                                "uniform=noise:uniform:300",
                                "--report-json",
                                json.toString(),
                                "--report-html",
                                html.toString()),
                        out(),
                        err());

        assertThat(exit).as("stderr: %s", err).isZero();
        JsonNode report = EvaluateCommand.JSON.readTree(json.toFile());
        assertThat(report.get("accuracy").asDouble()).isBetween(0.85, 1.0);
        for (String set : new String[] {"mnist", "uniform"}) {
            for (String score : new String[] {"mds", "msp", "entropic"}) {
                JsonNode m = report.path("ood").path(set).path(score);
                for (String metric :
                        new String[] {
                            "auroc", "aupr_in", "aupr_out", "tnr_at_tpr95", "detection_accuracy"
                        }) {
                    assertThat(m.path(metric).isNumber())
                            .as("ood.%s.%s.%s", set, score, metric)
                            .isTrue();
                    assertThat(m.path(metric).asDouble()).isBetween(0.0, 1.0);
                }
            }
        }
        assertThat(report.at("/ood/mnist/mds/auroc").asDouble())
                .as("IsoMax+ MDS on MNIST")
                .isGreaterThan(0.85);
        String page = Files.readString(html);
        assertThat(page).contains("<svg", "ROC", "mds histogram", "mnist");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("mnist", "AUROC");
    }

    @Test
    void calibrateStoresTheThresholdThatKeepsTheRequestedRate() throws IOException {
        Path copy = tmp.resolve("model");
        Files.createDirectories(copy);
        try (var files = Files.list(MODEL)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }

        int exit =
                CalibrateCommand.run(
                        args(
                                "--model",
                                copy.toString(),
                                "--images",
                                IMAGES,
                                "--labels",
                                LABELS,
                                "--tpr",
                                "0.9",
                                "--per-class"),
                        out(),
                        err());

        assertThat(exit).as("stderr: %s", err).isZero();
        try (OodModel model = OodModel.load(copy)) {
            var calibration = model.manifest().calibration();
            assertThat(calibration.tpr()).isEqualTo(0.9);
            assertThat(calibration.validationCount()).isEqualTo(1000);
            assertThat(calibration.perClassThresholds()).hasSize(10);
            // Scored again by the independent plain-Java reference network (double precision,
            // so a score or two at the threshold may fall the other way).
            var reference = org.oodmonitor.inference.reference.ReferenceVerdicts.load(copy);
            var images =
                    org.oodmonitor.inference.data.IdxFiles.readImages(
                            Path.of(IMAGES), Path.of(LABELS));
            long kept = 0;
            for (int i = 0; i < images.count(); i++) {
                byte[] pixels =
                        java.util.Arrays.copyOfRange(images.pixels(), i * 784, (i + 1) * 784);
                if (reference.ofImage(pixels).score() >= calibration.threshold()) {
                    kept++;
                }
            }
            assertThat(kept).isBetween(898L, 903L);
        }
        assertThat(ModelArtifact.readVerified(copy).files())
                .isEqualTo(ModelArtifact.readVerified(MODEL).files());
    }

    @Test
    void aRuntimeErrorIsOneLineWithExitOne() {
        assertThat(
                        EvaluateCommand.run(
                                args(
                                        "--model",
                                        tmp.toString(),
                                        "--images",
                                        IMAGES,
                                        "--labels",
                                        LABELS,
                                        "--ood",
                                        "x=noise:uniform",
                                        "--report-json",
                                        tmp.resolve("r.json").toString()),
                                out(),
                                err()))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .startsWith("ood-monitor evaluate: ")
                .endsWith("is not a model directory: no manifest.json")
                .doesNotContain("\n");
        assertThat(out.size()).isZero();
    }

    @Test
    void trainWritesAModelThatLoadsAndRecordsItsTestSet() throws IOException {
        Path model = tmp.resolve("trained");

        int exit =
                TrainCommand.run(
                        args(
                                "--images",
                                TRAIN_IMAGES,
                                "--labels",
                                TRAIN_LABELS,
                                "--max-train",
                                "600",
                                "--validation-size",
                                "200",
                                "--epochs",
                                "1",
                                "--batch-size",
                                "64",
                                "--feature-dim",
                                "32",
                                "--name",
                                "tiny",
                                "--version",
                                "0.0.1",
                                "--per-class",
                                "--test-images",
                                IMAGES,
                                "--test-labels",
                                LABELS,
                                "--ood",
                                "uniform=noise:uniform:100",
                                "--out",
                                model.toString()),
                        out(),
                        err());

        assertThat(exit).as("stderr: %s", err).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains(
                        "Training tiny 0.0.1 (isomax_plus head) on 400 examples, validating on 200")
                .contains("Saved " + model);
        try (OodModel loaded = OodModel.load(model)) {
            var manifest = loaded.manifest();
            assertThat(manifest.name()).isEqualTo("tiny");
            assertThat(manifest.featureDimension()).isEqualTo(32);
            assertThat(manifest.classLabels())
                    .containsExactlyElementsOf(
                            org.oodmonitor.training.data.ClassLabels.FASHION_MNIST);
            assertThat(manifest.calibration().tpr()).isEqualTo(0.95);
            assertThat(manifest.calibration().perClassThresholds()).hasSize(10);
            assertThat(manifest.training().trainCount()).isEqualTo(400);
            assertThat(manifest.training().validationCount()).isEqualTo(200);
            assertThat(manifest.training().epochs()).isEqualTo(1);
            assertThat(manifest.training().testAccuracy()).isNotNull();
            assertThat(manifest.training().ood()).containsOnlyKeys("uniform");
        }
        assertThat(Files.isDirectory(model.resolve("checkpoints"))).isTrue();
    }

    private static String[] args(String... args) {
        return args;
    }
}
