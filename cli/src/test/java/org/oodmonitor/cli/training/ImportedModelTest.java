package org.oodmonitor.cli.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.cli.OodMonitorCommand;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.MnistDigitsJson;
import org.oodmonitor.inference.data.RenderedImages;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;

/**
 * A PyTorch network imported with its torchvision preprocessing, then calibrated and evaluated on
 * image files in torchvision's ImageFolder layout, as a user of their own model would: {@code
 * import}, {@code calibrate --images DIR}, {@code evaluate --images DIR --ood NAME=DIR}.
 */
class ImportedModelTest {

    static final Path EXAMPLE = Path.of("../examples/torchscript");

    @TempDir Path tmp;

    private final CommandTestSupport command =
            new CommandTestSupport(
                    (args, out, err) ->
                            CommandRunner.run(OodMonitorCommand.commandLine(), args, out, err));

    /** The import arguments of the example, with its normalisation from fixtures.json. */
    static List<String> importArgs(Path out, String version) throws Exception {
        return List.of(
                "import",
                "--torchscript",
                EXAMPLE.resolve("fashion32-isomax.pt").toString(),
                "--out",
                out.toString(),
                "--name",
                "fashion32",
                "--version",
                version,
                "--input",
                "3x32x32",
                "--resize",
                "32",
                "--mean",
                fixture("mean"),
                "--std",
                fixture("std"),
                "--labels",
                fixture("classes"));
    }

    /** The values of {@code key} in the example's fixtures.json, comma-separated. */
    static String fixture(String key) throws Exception {
        JsonNode meta =
                new ObjectMapper().readTree(EXAMPLE.resolve("fixtures/fixtures.json").toFile());
        List<String> values = new ArrayList<>();
        meta.get(key).forEach(v -> values.add(v.asText()));
        return String.join(",", values);
    }

    @Test
    void anImportedNetworkIsCalibratedAndEvaluatedOnImageFolders() throws Exception {
        ImageSet fashion =
                IdxFiles.readImages(
                        RenderedImages.FASHION_TEST, RenderedImages.FASHION_TEST_LABELS);
        Path folder = RenderedImages.imageFolder(fashion, 1000, 10, tmp.resolve("fashion"));
        Path digits =
                RenderedImages.folder(
                        MnistDigitsJson.read(RenderedImages.DIGITS), 500, tmp.resolve("digits"));
        Path model = tmp.resolve("model");

        assertThat(command.run(importArgs(model, "1.0.0").toArray(String[]::new)))
                .as(command.err())
                .isZero();
        assertThat(
                        command.run(
                                "calibrate",
                                "--model",
                                model.toString(),
                                "--images",
                                folder.toString()))
                .as(command.err())
                .isZero();
        assertThat(command.out()).contains("on 1000 events (all of fashion)");
        ModelManifest manifest = ModelArtifact.readVerified(model);
        assertThat(manifest.calibration()).isNotNull();
        assertThat(manifest.alertDetector()).isNotNull();
        assertThat(manifest.shiftReference()).isNotNull();

        Path report = tmp.resolve("report.json");
        assertThat(
                        command.run(
                                "evaluate",
                                "--model",
                                model.toString(),
                                "--images",
                                folder.toString(),
                                "--ood",
                                "digits=" + digits,
                                "--report-json",
                                report.toString()))
                .as(command.err())
                .isZero();
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.get("accuracy").asDouble())
                .as("accuracy on the rendered test images")
                .isGreaterThan(0.85);
        System.out.println("imported model evaluation: " + r.get("accuracy") + " " + r.get("ood"));
        assertThat(r.get("ood").get("digits").get("mds").get("auroc").asDouble())
                .as("MDS AUROC against rendered digits: a small network, three epochs")
                .isGreaterThan(0.65);
    }

    @Test
    void aSoftMaxNetworkCutBeforeItsClassifierGetsAnIsoMaxLastLayer() throws Exception {
        Path model = tmp.resolve("resnet");

        assertThat(
                        command.run(
                                "train",
                                "--backbone",
                                EXAMPLE.resolve("resnet-features.pt").toString(),
                                "--images",
                                EXAMPLE.resolve("images/train").toString(),
                                "--input",
                                "3x32x32",
                                "--resize",
                                "32",
                                "--mean",
                                fixture("mean"),
                                "--std",
                                fixture("std"),
                                "--name",
                                "resnet",
                                "--out",
                                model.toString()))
                .as(command.err())
                .isZero();
        assertThat(command.out())
                .contains("Extracting features of 1000 images with resnet-features.pt")
                .contains("Training the isomax_plus last layer on 64 features of 800 examples")
                .contains("Saved " + model + ": isomax_plus last layer on resnet-features.pt");

        Path report = tmp.resolve("resnet.json");
        assertThat(
                        command.run(
                                "evaluate",
                                "--model",
                                model.toString(),
                                "--images",
                                EXAMPLE.resolve("images/val").toString(),
                                "--ood",
                                "digits=" + EXAMPLE.resolve("images/digits"),
                                "--report-json",
                                report.toString()))
                .as(command.err())
                .isZero();
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.get("accuracy").asDouble()).isGreaterThan(0.85);
        assertThat(r.get("ood").get("digits").get("mds").get("auroc").asDouble())
                .isGreaterThan(0.8);
    }

    @Test
    void aFolderThatIsNotTheModelsClassesIsOneLine() throws Exception {
        Path model = tmp.resolve("model");
        assertThat(command.run(importArgs(model, "1.0.0").toArray(String[]::new))).isZero();
        java.nio.file.Files.createDirectories(tmp.resolve("three/a"));
        java.nio.file.Files.createDirectories(tmp.resolve("three/b"));
        java.nio.file.Files.createDirectories(tmp.resolve("three/c"));

        assertThat(
                        command.run(
                                "calibrate",
                                "--model",
                                model.toString(),
                                "--images",
                                tmp.resolve("three").toString()))
                .isEqualTo(2);
        assertThat(command.err().strip())
                .doesNotContain("\n")
                .contains("has 3 class folders, the model 10 classes");
    }
}
