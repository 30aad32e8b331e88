package org.oodmonitor.training.cli;

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
 * The evaluate and calibrate commands on the committed default model and the committed sample, and
 * the command-line contract: one-line errors, exit 2 for usage, 1 for failures.
 */
class CommandsTest {

    static final Path MODEL = Path.of("../models/fashion-mnist-isomax");
    static final String IMAGES = "../samples/fashion-mnist/t10k-images-idx3-ubyte.gz";
    static final String LABELS = "../samples/fashion-mnist/t10k-labels-idx1-ubyte.gz";

    @TempDir Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String name, String usage, Commands.Body body, String... args) {
        return Commands.run(
                name,
                usage,
                args,
                body,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void evaluateWritesTheJsonContractAndAnHtmlReport() throws IOException {
        Path json = tmp.resolve("report.json");
        Path html = tmp.resolve("report.html");

        int exit =
                run(
                        "evaluate",
                        EvaluateCommand.USAGE,
                        EvaluateCommand::run,
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
                        html.toString());

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
                run(
                        "calibrate",
                        CalibrateCommand.USAGE,
                        CalibrateCommand::run,
                        "--model",
                        copy.toString(),
                        "--images",
                        IMAGES,
                        "--labels",
                        LABELS,
                        "--tpr",
                        "0.9",
                        "--per-class");

        assertThat(exit).as("stderr: %s", err).isZero();
        try (OodModel model = OodModel.load(copy)) {
            var calibration = model.manifest().calibration();
            assertThat(calibration.tpr()).isEqualTo(0.9);
            assertThat(calibration.validationCount()).isEqualTo(1000);
            assertThat(calibration.perClassThresholds()).hasSize(10);
            var scored =
                    org.oodmonitor.training.eval.Scorer.images(
                            model,
                            org.oodmonitor.inference.data.IdxFiles.readImages(
                                    Path.of(IMAGES), Path.of(LABELS)));
            long kept =
                    java.util.Arrays.stream(
                                    scored.scores(org.oodmonitor.inference.scoring.ScoreKind.MDS))
                            .filter(s -> s >= calibration.threshold())
                            .count();
            assertThat(kept).isBetween(900L, 901L);
        }
        assertThat(ModelArtifact.readVerified(copy).files())
                .isEqualTo(ModelArtifact.readVerified(MODEL).files());
    }

    @Test
    void errorsAreOneLineWithExitCodes() {
        assertThat(run("evaluate", EvaluateCommand.USAGE, EvaluateCommand::run, "--model"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "ood-monitor evaluate: --model needs a value (see --help)"
                                + System.lineSeparator());
        err.reset();
        assertThat(
                        run(
                                "evaluate",
                                EvaluateCommand.USAGE,
                                EvaluateCommand::run,
                                "--model",
                                tmp.toString(),
                                "--images",
                                IMAGES,
                                "--labels",
                                LABELS,
                                "--ood",
                                "x=noise:uniform",
                                "--report-json",
                                tmp.resolve("r.json").toString()))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .endsWith("is not a model directory: no manifest.json")
                .doesNotContain("\n");
        err.reset();
        assertThat(
                        run(
                                "train",
                                TrainCommand.USAGE,
                                TrainCommand::run,
                                "--out",
                                tmp.toString(),
                                "--epochs",
                                "x",
                                "--images",
                                IMAGES,
                                "--labels",
                                LABELS))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--epochs must be an integer, was 'x'");
        err.reset();
        assertThat(run("evaluate", EvaluateCommand.USAGE, EvaluateCommand::run, "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ood.<NAME>.<score>");
    }
}
