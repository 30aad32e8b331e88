package org.oodmonitor.cli.training;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.cli.HelpOption;
import org.oodmonitor.inference.model.Calibration;
import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.training.BackboneTraining;
import org.oodmonitor.training.Training;
import org.oodmonitor.training.TrainingRequest;
import org.oodmonitor.training.data.ImageFiles;
import org.oodmonitor.training.train.TrainOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Command line: {@code ood-monitor train}; trains, calibrates and saves a model directory. */
@Command(
        name = "train",
        header = "Train an IsoMax+ (or SoftMax baseline) model and calibrate its threshold.",
        description = {
            "Trains a classifier with the IsoMax+ loss (or the SoftMax baseline), holds out a"
                    + " seeded validation split, calibrates the OOD threshold on it, and writes a"
                    + " model directory (parameters + manifest.json with SHA-256 checksums).",
            "Give either --images with --labels, or --vectors (or --backbone with --images as"
                    + " image files). Uses a GPU when one is present, else the CPU.",
            "With --backbone FILE.pt (a network trained in PyTorch with SoftMax, cut before its"
                    + " classifier and saved as TorchScript), only the last layer is trained: the"
                    + " IsoMax+ layer (or with --softmax a linear probe) on the network's frozen"
                    + " features of --images, a folder of class folders or a .csv/.jsonl list,"
                    + " each image made --input by the preprocessing options as torchvision would."
                    + " The model directory serves the network and the layer together."
        },
        sortOptions = false)
public final class TrainCommand implements Callable<Integer> {

    /** Epochs of the last layer alone, unless --epochs says. */
    static final int BACKBONE_EPOCHS = 100;

    /** Adam's step for the last layer alone, unless --lr says. */
    static final double BACKBONE_LEARNING_RATE = 0.01;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "Data (one of):%n", order = 0)
    private Data data;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "The model directory to write.",
            order = 10)
    private Path outDir;

    @Option(
            names = "--max-train",
            paramLabel = "N",
            description = "Use only the first N examples, for quick runs (default: all).",
            order = 11)
    private int maxTrain = Integer.MAX_VALUE;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            defaultValue = "fashion-mnist-isomax",
            description =
                    "Model name (default: ${DEFAULT-VALUE}; with --backbone the file's name without"
                            + " .pt).",
            order = 20)
    private String name;

    @Option(
            names = "--version",
            paramLabel = "V",
            defaultValue = "1.0.0",
            description = "Model version (default: ${DEFAULT-VALUE}).",
            order = 21)
    private String version;

    @Option(
            names = "--softmax",
            description = "Train the SoftMax baseline (Linear head) instead of IsoMax+.",
            order = 22)
    private boolean softmax;

    @Option(
            names = "--feature-dim",
            paramLabel = "N",
            defaultValue = "128",
            description = "Features the head sees (default: ${DEFAULT-VALUE}).",
            order = 23)
    private int featureDim;

    @Option(
            names = "--hidden",
            paramLabel = "N",
            split = ",",
            defaultValue = "256",
            description =
                    "MLP hidden layers for vectors, comma separated (default: ${DEFAULT-VALUE}).",
            order = 24)
    private List<Integer> hidden;

    @Option(
            names = "--entropic-scale",
            paramLabel = "E",
            defaultValue = "10",
            description = "IsoMax+ entropic scale (default: ${DEFAULT-VALUE}).",
            order = 25)
    private double entropicScale;

    @Option(
            names = "--class-labels",
            paramLabel = "NAME",
            split = ",",
            description =
                    "Class names, comma separated (default: Fashion-MNIST's for 10 image classes,"
                            + " else the class numbers; with --backbone the class folders' names,"
                            + " and a list needs them).",
            order = 26)
    private List<String> classLabels;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            defaultValue = "8",
            description = "Most epochs to train (default: ${DEFAULT-VALUE}; 100 with --backbone).",
            order = 30)
    private int epochs;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "128",
            description = "Examples per step (default: ${DEFAULT-VALUE}).",
            order = 31)
    private int batchSize;

    @Option(
            names = "--lr",
            paramLabel = "X",
            defaultValue = "0.001",
            description = "Adam learning rate (default: ${DEFAULT-VALUE}; 0.01 with --backbone).",
            order = 32)
    private double learningRate;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "42",
            description =
                    "Seed of the initialisation, the validation split and the batch order"
                            + " (default: ${DEFAULT-VALUE}).",
            order = 33)
    private int seed;

    @Option(
            names = "--validation-size",
            paramLabel = "N",
            defaultValue = "5000",
            description =
                    "Examples held out for validation and calibration (default:"
                            + " ${DEFAULT-VALUE}; with --backbone a fifth of the images, at most"
                            + " that).",
            order = 34)
    private int validationSize;

    @Option(
            names = "--early-stop",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "Stop after N epochs without better validation accuracy; 0 never stops early"
                            + " (default: ${DEFAULT-VALUE}).",
            order = 35)
    private int earlyStop;

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "DIR",
            description = "Where one model per epoch is saved (default: OUT/checkpoints).",
            order = 36)
    private Path checkpointDir;

    @Option(
            names = "--tpr",
            paramLabel = "X",
            defaultValue = "0.95",
            description =
                    "In-distribution TPR the OOD threshold keeps on the validation split"
                            + " (default: ${DEFAULT-VALUE}).",
            order = 40)
    private double tpr;

    @Option(
            names = "--per-class",
            description = "Also calibrate one threshold per predicted class.",
            order = 41)
    private boolean perClass;

    @ArgGroup(
            exclusive = false,
            heading = "Test-set summary in the manifest (optional):%n",
            order = 50)
    private TestSet testSet;

    @Option(
            names = "--backbone",
            paramLabel = "FILE.pt",
            description =
                    "A TorchScript feature extractor (a SoftMax network cut before its"
                            + " classifier): train only the last layer on its frozen features."
                            + " Needs --input and image files.",
            order = 60)
    private Path backbone;

    /** With --backbone: what the network takes and how an image becomes it. */
    @Mixin private InputOptions backboneInput;

    @Mixin private HelpOption help;

    @Spec private CommandSpec spec;

    /** The training data: images with labels, or labelled vectors. */
    static final class Data {
        @ArgGroup(exclusive = false, multiplicity = "1", order = 1)
        private ImageData images;

        @Option(
                names = "--vectors",
                required = true,
                paramLabel = "FILE",
                description =
                        "Labelled vectors, .jsonl {\"features\":[..],\"label\":k} or .csv"
                                + " label,f1,..: an MLP.",
                order = 3)
        private Path vectors;
    }

    /** IDX images and their labels, or image files for a backbone. */
    static final class ImageData {
        @Option(
                names = "--images",
                required = true,
                paramLabel = "PATH",
                description =
                        "28x28 grayscale images, IDX format (gzip or not), for a small CNN; with"
                            + " --backbone, image files (PNG, JPEG) in torchvision's ImageFolder"
                            + " layout or a .csv (file,label) or .jsonl list.",
                order = 1)
        private Path images;

        @Option(
                names = "--labels",
                paramLabel = "IDX",
                description = "The IDX images' labels, IDX format.",
                order = 2)
        private Path labels;
    }

    /** A labelled test set (and OOD sets) whose accuracy and AUROC the manifest records. */
    static final class TestSet {
        @Option(
                names = "--test-images",
                required = true,
                paramLabel = "IDX",
                description = "Test images, IDX format: record the test accuracy.",
                order = 1)
        private Path images;

        @Option(
                names = "--test-labels",
                required = true,
                paramLabel = "IDX",
                description = "Their labels, IDX format.",
                order = 2)
        private Path labels;

        @Option(
                names = "--ood",
                paramLabel = "NAME=PATH",
                description =
                        "Record the MDS AUROC against an OOD set (repeatable); PATH: IDX images,"
                                + " an mnist JSON directory, noise:uniform[:N] or"
                                + " noise:gaussian[:N].",
                order = 3)
        private Map<String, String> ood = new LinkedHashMap<>();
    }

    public static void main(String[] args) {
        CommandRunner.exit(new TrainCommand(), args);
    }

    /** Runs the command and returns its exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandRunner.run(new TrainCommand(), args, out, err);
    }

    @Override
    public Integer call() throws IOException {
        if (!(tpr > 0 && tpr <= 1)) {
            throw new ParameterException(spec.commandLine(), "--tpr must be in (0, 1], was " + tpr);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (backbone != null) {
            return trainLastLayer(out);
        }
        if (backboneInput.anyGiven()) {
            throw new ParameterException(
                    spec.commandLine(), "--input and the preprocessing options need --backbone");
        }
        if (data.images != null && data.images.labels == null) {
            throw new ParameterException(
                    spec.commandLine(), "Missing required option: '--labels=IDX'");
        }
        TrainingRequest request =
                new TrainingRequest(
                        options(outDir),
                        data.vectors == null ? data.images.images : null,
                        data.vectors == null ? data.images.labels : null,
                        data.vectors,
                        maxTrain,
                        classLabels,
                        tpr,
                        perClass,
                        testSet == null
                                ? null
                                : new TrainingRequest.TestData(
                                        testSet.images,
                                        testSet.labels,
                                        OodSources.of(testSet.ood, spec)),
                        outDir);
        Training.Result result = Training.run(request, out, System.err);
        Calibration calibration = result.fitted().calibration();
        out.printf(
                "Saved %s: validation accuracy %.4f, threshold %.4f at TPR %.2f%s%n",
                outDir,
                result.validationAccuracy(),
                calibration.threshold(),
                calibration.tpr(),
                result.testAccuracy() == null
                        ? ""
                        : String.format(
                                ", test accuracy %.4f, MDS AUROC %s",
                                result.testAccuracy(), result.oodAuroc()));
        out.println("Parameter files: " + result.manifest().files().keySet());
        return 0;
    }

    /** {@code train --backbone}: the last layer on a TorchScript extractor's frozen features. */
    private int trainLastLayer(PrintWriter out) throws IOException {
        if (data.images == null || !ImageFiles.isFilesSource(data.images.images)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--backbone trains on image files: give --images as a folder of class folders"
                            + " or a .csv/.jsonl list");
        }
        if (data.images.labels != null || testSet != null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--labels and the --test options are for IDX images; evaluate a backbone's"
                            + " model with 'ood-monitor evaluate'");
        }
        if (backboneInput.shape() == null) {
            throw new ParameterException(
                    spec.commandLine(), "--backbone needs --input CxHxW (for example 3x32x32)");
        }
        var given = spec.commandLine().getParseResult();
        for (String option :
                List.of("--checkpoint-dir", "--max-train", "--feature-dim", "--hidden")) {
            if (given.hasMatchedOption(option)) {
                throw new ParameterException(
                        spec.commandLine(), option + " does not apply to --backbone");
            }
        }
        if (classLabels != null && classLabels.size() < 2) {
            throw new ParameterException(
                    spec.commandLine(), "--class-labels needs at least two classes");
        }
        InputSpec input = backboneInput.spec(spec);
        if (!given.hasMatchedOption("--name")) {
            // The committed model's name is the default of the other modes; a user's network
            // is named after its file.
            name = backbone.getFileName().toString().replaceFirst("\\.pt$", "");
        }
        // The last layer alone sees few steps per epoch on a user's folder: more epochs, a
        // larger step, unless the user chose.
        if (!given.hasMatchedOption("--epochs")) {
            epochs = BACKBONE_EPOCHS;
        }
        if (!given.hasMatchedOption("--lr")) {
            learningRate = BACKBONE_LEARNING_RATE;
        }
        Training.Result result;
        try {
            result =
                    BackboneTraining.run(
                            new BackboneTraining.Request(
                                    options(null),
                                    backbone,
                                    input,
                                    data.images.images,
                                    classLabels,
                                    !given.hasMatchedOption("--validation-size"),
                                    tpr,
                                    perClass,
                                    outDir),
                            out,
                            System.err);
        } catch (IOException e) {
            // A file, folder or network the user named: a usage error, exit 2, one line.
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Calibration calibration = result.fitted().calibration();
        out.printf(
                "Saved %s: %s last layer on %s, validation accuracy %.4f, threshold %.4f at TPR"
                        + " %.2f%n",
                outDir,
                result.manifest().head(),
                backbone.getFileName(),
                result.validationAccuracy(),
                calibration.threshold(),
                calibration.tpr());
        return 0;
    }

    /**
     * The training settings the options give; {@code outDir} is where the model goes, and null
     * keeps no checkpoints.
     */
    TrainOptions options(Path outDir) {
        return TrainOptions.builder()
                .name(name)
                .version(version)
                .head(softmax ? ModelManifest.SOFTMAX : ModelManifest.ISOMAX_PLUS)
                .epochs(epochs)
                .batchSize(batchSize)
                .learningRate((float) learningRate)
                .seed(seed)
                .validationSize(validationSize)
                .featureDimension(featureDim)
                .hiddenUnits(hidden)
                .entropicScale((float) entropicScale)
                .earlyStopPatience(earlyStop)
                .checkpointDir(
                        checkpointDir != null || outDir == null
                                ? checkpointDir
                                : outDir.resolve("checkpoints"))
                .build();
    }
}
