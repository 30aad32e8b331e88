package org.oodmonitor.cli.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.training.train.TrainOptions;
import picocli.CommandLine;

/** The train command's help and usage errors; nothing here trains. */
class TrainCommandTest {

    private final CommandTestSupport command = new CommandTestSupport(TrainCommand::run);

    @TempDir Path tmp;

    @Test
    void helpListsEveryOptionWithItsDescriptionAndDefault() {
        assertThat(command.run("--help")).isZero();
        String help = command.out();
        assertThat(help)
                .startsWith("Train an IsoMax+ (or SoftMax baseline) model")
                .contains("Usage: ood-monitor train ");
        assertThat(command.flatOut())
                .contains("(--vectors=FILE | (--images=PATH [--labels=IDX]))")
                .contains("[--test-images=IDX --test-labels=IDX [--ood=NAME=PATH]...]")
                .contains("Give either --images with --labels, or --vectors (or --backbone");
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("--images", "--images=PATH 28x28 grayscale images, IDX format");
        rows.put("--labels", "--labels=IDX The IDX images' labels");
        rows.put("--vectors", "--vectors=FILE Labelled vectors");
        rows.put("--out", "--out=DIR The model directory to write.");
        rows.put("--max-train", "(default: all)");
        rows.put("--name", "Model name (default: fashion-mnist-isomax; with --backbone the file");
        rows.put("--version", "Model version (default: 1.0.0)");
        rows.put("--softmax", "Train the SoftMax baseline");
        rows.put("--feature-dim", "(default: 128)");
        rows.put(
                "--hidden",
                "--hidden=N[,N...] MLP hidden layers for vectors, comma separated (default: 256)");
        rows.put("--entropic-scale", "IsoMax+ entropic scale (default: 10)");
        rows.put(
                "--class-labels",
                "(default: Fashion-MNIST's for 10 image classes, else the class numbers; with"
                        + " --backbone");
        rows.put("--epochs", "(default: 8; 100 with --backbone)");
        rows.put("--batch-size", "(default: 128)");
        rows.put("--lr", "Adam learning rate (default: 0.001; 0.01 with --backbone)");
        rows.put("--seed", "(default: 42)");
        rows.put("--validation-size", "(default: 5000; with --backbone a fifth of the images");
        rows.put("--early-stop", "0 never stops early (default: 0)");
        rows.put("--checkpoint-dir", "(default: OUT/checkpoints)");
        rows.put("--tpr", "(default: 0.95)");
        rows.put("--per-class", "one threshold per predicted class");
        rows.put("--test-images", "record the test accuracy");
        rows.put("--test-labels", "Their labels");
        rows.put("--ood", "(repeatable)");
        rows.put("--backbone", "train only the last layer on its frozen features");
        rows.put("--input", "CxHxW for images");
        rows.put("--resize", "as torchvision's Resize(N)");
        rows.put("--help", "-h, --help Show this help and exit.");
        rows.forEach(
                (option, text) ->
                        assertThat(CommandTestSupport.optionRow(help, option))
                                .as(option)
                                .contains(text));
        assertThat(command.err()).isEmpty();
    }

    @Test
    void theDefaultsAreTheReferenceRecipe() {
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs("--vectors", "v.csv", "--out", "out/m");

        TrainOptions options = train.options(Path.of("out/m"));

        TrainOptions reference =
                TrainOptions.builder().checkpointDir(Path.of("out/m/checkpoints")).build();
        assertThat(options).isEqualTo(reference);
        assertThat(options.hiddenUnits()).containsExactly(256);
        assertThat(options.learningRate()).isEqualTo(1e-3f);
    }

    @Test
    void givenOptionsReplaceTheDefaults() {
        TrainCommand train = new TrainCommand();
        new CommandLine(train)
                .parseArgs(
                        "--images=i.gz",
                        "--labels=l.gz",
                        "--out",
                        "m",
                        "--name",
                        "base",
                        "--version",
                        "2",
                        "--softmax",
                        "--epochs",
                        "3",
                        "--batch-size",
                        "32",
                        "--lr",
                        "0.01",
                        "--seed",
                        "7",
                        "--validation-size",
                        "100",
                        "--feature-dim",
                        "64",
                        "--hidden",
                        "512,64",
                        "--entropic-scale",
                        "5",
                        "--early-stop",
                        "2",
                        "--checkpoint-dir",
                        "ckpt");

        TrainOptions options = train.options(Path.of("m"));

        assertThat(options)
                .isEqualTo(
                        TrainOptions.builder()
                                .name("base")
                                .version("2")
                                .head(ModelManifest.SOFTMAX)
                                .epochs(3)
                                .batchSize(32)
                                .learningRate(0.01f)
                                .seed(7)
                                .validationSize(100)
                                .featureDimension(64)
                                .hiddenUnits(List.of(512, 64))
                                .entropicScale(5)
                                .earlyStopPatience(2)
                                .checkpointDir(Path.of("ckpt"))
                                .build());
    }

    @Test
    void shortHelpIsTheSame() {
        command.run("--help");
        String help = command.out();
        assertThat(command.run("-h")).isZero();
        assertThat(command.out()).isEqualTo(help);
    }

    @Test
    void aMissingRequiredOptionIsOneLineWithExitTwo() {
        assertThat(command.run("--vectors", "v.csv")).isEqualTo(2);
        assertThat(command.err())
                .isEqualTo(
                        "ood-monitor train: Missing required option: '--out=DIR' (see --help)"
                                + System.lineSeparator());
        assertThat(command.out()).isEmpty();
    }

    @Test
    void theDataIsRequired() {
        assertThat(command.run("--out", tmp.toString())).isEqualTo(2);
        assertOneLineUsageError("Missing required argument");
        assertThat(command.err()).contains("--images=PATH", "--vectors=FILE");
    }

    @Test
    void imagesNeedTheirLabels() {
        assertThat(command.run("--images", "i.gz", "--out", tmp.toString())).isEqualTo(2);
        assertOneLineUsageError("--labels=IDX");
    }

    @Test
    void imagesAndVectorsExcludeEachOther() {
        assertThat(
                        command.run(
                                "--images",
                                "i.gz",
                                "--labels",
                                "l.gz",
                                "--vectors",
                                "v.csv",
                                "--out",
                                tmp.toString()))
                .isEqualTo(2);
        assertOneLineUsageError("expected only one match");
        assertThat(command.err()).contains("--images=i.gz --labels=l.gz", "--vectors=v.csv");
        assertThat(command.run("--vectors", "v.csv", "--labels", "l.gz", "--out", tmp.toString()))
                .isEqualTo(2);
        assertOneLineUsageError("--images=PATH");
    }

    @Test
    void aBackboneTrainsOnImageFilesWithAnInput() throws Exception {
        Path network = Path.of("../examples/torchscript/resnet-features.pt");
        Path folder = Path.of("../examples/torchscript/images/train");
        String out = tmp.resolve("m").toString();
        String list = Files.writeString(tmp.resolve("train.csv"), "a.png,0\n").toString();
        String[][] bad = {
            {"--backbone", network.toString(), "--images", "i.gz", "--labels", "l.gz"},
            {"--backbone", network.toString(), "--images", folder.toString()},
            {"--backbone", network.toString(), "--vectors", "v.csv", "--input", "3x32x32"},
            {"--images", folder.toString(), "--labels", "l.gz", "--input", "3x32x32"},
            {
                "--backbone",
                Files.writeString(tmp.resolve("w.pt"), "weights").toString(),
                "--images",
                folder.toString(),
                "--input",
                "3x32x32"
            },
            {"--backbone", network.toString(), "--images", folder.toString(), "--input", "3x32"},
            {"--backbone", network.toString(), "--images", list, "--input", "3x32x32"},
            {
                "--backbone",
                network.toString(),
                "--images",
                folder.toString(),
                "--input",
                "3x32x32",
                "--max-train",
                "10"
            },
            {"--vectors", "v.csv", "--resize", "32"},
        };
        String[] reasons = {
            "--backbone trains on image files",
            "--backbone needs --input",
            "--backbone trains on image files",
            "need --backbone",
            "is not TorchScript",
            "--input must be CxHxW",
            "is a list: give its classes in order with --class-labels",
            "--max-train does not apply to --backbone",
            "need --backbone",
        };
        for (int i = 0; i < bad.length; i++) {
            String[] args =
                    java.util.stream.Stream.concat(
                                    java.util.Arrays.stream(bad[i]),
                                    java.util.stream.Stream.of("--out", out))
                            .toArray(String[]::new);
            assertThat(command.run(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(command.err()).as(String.join(" ", args)).contains(reasons[i]);
            assertThat(command.err().strip()).as(String.join(" ", args)).doesNotContain("\n");
            assertThat(tmp.resolve("m")).doesNotExist();
        }
    }

    @Test
    void aTestSetNeedsBothFilesAndOodSetsNeedATestSet() {
        assertThat(
                        command.run(
                                "--vectors",
                                "v.csv",
                                "--out",
                                tmp.toString(),
                                "--test-images",
                                "t.gz"))
                .isEqualTo(2);
        assertOneLineUsageError("--test-labels=IDX");
        assertThat(
                        command.run(
                                "--vectors",
                                "v.csv",
                                "--out",
                                tmp.toString(),
                                "--ood",
                                "u=noise:uniform"))
                .isEqualTo(2);
        assertOneLineUsageError("--test-images=IDX");
    }

    @Test
    void anUnknownOptionIsOneLineWithExitTwo() {
        assertThat(command.run("--vectors", "v.csv", "--out", tmp.toString(), "--epoch", "3"))
                .isEqualTo(2);
        assertOneLineUsageError("Unknown options: '--epoch', '3'");
    }

    @Test
    void malformedValuesAreUsageErrors() {
        assertThat(command.run("--vectors", "v.csv", "--out", tmp.toString(), "--epochs", "x"))
                .isEqualTo(2);
        assertOneLineUsageError("Invalid value for option '--epochs'");
        assertThat(command.err()).contains("'x' is not an int");

        assertThat(command.run("--vectors", "v.csv", "--out", tmp.toString(), "--hidden", "64,x"))
                .isEqualTo(2);
        assertOneLineUsageError("Invalid value for option '--hidden'");

        assertThat(command.run("--vectors", "v.csv", "--out", tmp.toString(), "--tpr", "1.5"))
                .isEqualTo(2);
        assertOneLineUsageError("--tpr must be in (0, 1], was 1.5");

        assertThat(
                        command.run(
                                "--vectors",
                                "v.csv",
                                "--out",
                                tmp.toString(),
                                "--test-images",
                                "t.gz",
                                "--test-labels",
                                "l.gz",
                                "--ood",
                                "noise:uniform"))
                .isEqualTo(2);
        assertOneLineUsageError("(NAME=PATH) should be in KEY=VALUE format but was noise:uniform");
    }

    @Test
    void invalidTrainingSettingsFailBeforeAnyDataIsRead() {
        assertThat(
                        command.run(
                                "--vectors",
                                "missing.csv",
                                "--out",
                                tmp.toString(),
                                "--epochs",
                                "0",
                                "--lr",
                                "-1"))
                .isEqualTo(2);
        assertThat(command.err())
                .isEqualTo(
                        "ood-monitor train: Invalid training options: epochs must be positive,"
                                + " was 0; learning rate must be positive, was -1.0"
                                + System.lineSeparator());
    }

    @Test
    void aMissingDataFileIsARuntimeError() {
        assertThat(command.run("--vectors", "missing.csv", "--out", tmp.toString())).isEqualTo(1);
        assertThat(command.err()).startsWith("ood-monitor train: ").contains("missing.csv");
        assertThat(command.err().strip()).doesNotContain("\n");
        assertThat(Files.exists(tmp.resolve("model-0000.params"))).isFalse();
    }

    private void assertOneLineUsageError(String text) {
        String err = command.err();
        assertThat(err)
                .startsWith("ood-monitor train: ")
                .contains(text)
                .endsWith(" (see --help)" + System.lineSeparator());
        assertThat(err.strip()).doesNotContain("\n");
        assertThat(command.out()).isEmpty();
    }
}
