package org.oodmonitor.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.model.Calibration;
import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.model.Sha256;
import org.oodmonitor.inference.model.TrainingSummary;
import org.oodmonitor.inference.nn.Backbones;
import org.oodmonitor.training.data.Examples;
import org.oodmonitor.training.data.Split;
import org.oodmonitor.training.data.VectorFiles;
import org.oodmonitor.training.data.VectorSet;
import org.oodmonitor.training.eval.EvaluationReport;
import org.oodmonitor.training.eval.Evaluator;
import org.oodmonitor.training.eval.ScoredSet;
import org.oodmonitor.training.eval.Scorer;
import org.oodmonitor.training.metrics.AlertDetectorFitter;
import org.oodmonitor.training.metrics.Calibrator;
import org.oodmonitor.training.train.ModelTrainer;
import org.oodmonitor.training.train.TrainOptions;

/** Command line: {@code ood-monitor train}; trains, calibrates and saves a model directory. */
public final class TrainCommand {

    static final String USAGE =
            """
            Usage: ood-monitor train (--images IDX --labels IDX | --vectors FILE) --out DIR [options]
              Trains a classifier with the IsoMax+ loss (or the SoftMax baseline), holds out a
              seeded validation split, calibrates the OOD threshold on it, and writes a model
              directory (parameters + manifest.json with SHA-256 checksums).
              Data:
                --images IDX --labels IDX  28x28 grayscale images, IDX format (gzip or not): small CNN
                --vectors FILE             labelled vectors, .jsonl {"features":[..],"label":k} or .csv label,f1,..: MLP
                --max-train N              use only the first N examples (quick runs)
              Model:
                --name NAME                model name (default fashion-mnist-isomax)
                --version V                model version (default 1.0.0)
                --softmax                  train the SoftMax baseline (Linear head) instead of IsoMax+
                --feature-dim N            features the head sees (default 128)
                --hidden N[,N..]           MLP hidden layers for vectors (default 256)
                --entropic-scale E         IsoMax+ entropic scale (default 10)
                --class-labels A,B,..      class names (default: Fashion-MNIST's for 10 image classes)
              Training:
                --epochs N (default 8)  --batch-size N (default 128)  --lr X (Adam, default 0.001)
                --seed N (default 42)   --validation-size N (default 5000)
                --early-stop N             stop after N epochs without better validation accuracy
                --checkpoint-dir DIR       one model per epoch (default OUT/checkpoints)
              Calibration and summary:
                --tpr X                    in-distribution TPR of the threshold (default 0.95)
                --per-class                also calibrate one threshold per predicted class
                --test-images IDX --test-labels IDX   record test accuracy in the manifest
                --ood NAME=PATH            record the MDS AUROC against an OOD set (repeatable);
                                           PATH: IDX images, mnist JSON dir, noise:uniform, noise:gaussian
              Uses a GPU when one is present, else the CPU.
            """;

    private static final Set<String> WITH_VALUE =
            Set.of(
                    "--images",
                    "--labels",
                    "--vectors",
                    "--out",
                    "--name",
                    "--version",
                    "--feature-dim",
                    "--hidden",
                    "--entropic-scale",
                    "--class-labels",
                    "--epochs",
                    "--batch-size",
                    "--lr",
                    "--seed",
                    "--validation-size",
                    "--early-stop",
                    "--checkpoint-dir",
                    "--tpr",
                    "--test-images",
                    "--test-labels",
                    "--ood",
                    "--max-train");
    private static final Set<String> FLAGS = Set.of("--softmax", "--per-class", "--help");

    private TrainCommand() {}

    public static void main(String[] args) {
        System.exit(Commands.run("train", USAGE, args, TrainCommand::run));
    }

    static void run(String[] argv, PrintStream out) throws IOException {
        Args args = Args.parse(argv, WITH_VALUE, FLAGS);
        Path outDir = Path.of(args.required("--out"));
        boolean images = args.has("--images");
        if (images == args.has("--vectors")) {
            throw new IllegalArgumentException("give either --images with --labels, or --vectors");
        }
        ImageSet imageSet = null;
        VectorSet vectorSet = null;
        int[] labels;
        String dataPath;
        int maxTrain = args.integer("--max-train", Integer.MAX_VALUE);
        if (images) {
            dataPath = args.required("--images");
            imageSet =
                    DataSources.labelledImages(dataPath, args.required("--labels")).head(maxTrain);
            labels = imageSet.labels();
        } else {
            dataPath = args.required("--vectors");
            vectorSet = VectorFiles.read(Path.of(dataPath));
            if (vectorSet.count() > maxTrain) {
                vectorSet =
                        vectorSet.select(
                                java.util.stream.IntStream.range(0, maxTrain).toArray(),
                                vectorSet.name());
            }
            labels = vectorSet.labels();
        }
        TrainOptions options = options(args, outDir);
        Split split = Split.of(labels.length, options.validationSize(), options.seed());
        InputSpec spec;
        Examples examples;
        if (images) {
            float[] stats = Examples.pixelStatistics(imageSet, split.train());
            spec = InputSpec.image(imageSet.height(), imageSet.width(), stats[0], stats[1]);
            examples = Examples.of(imageSet, spec);
        } else {
            examples = Examples.of(vectorSet);
            spec = examples.spec();
        }
        List<String> classLabels =
                FashionLabels.labels(args.get("--class-labels", null), labels, images);
        ModelManifest manifest =
                new ModelManifest(
                        ModelManifest.FORMAT_VERSION,
                        options.name(),
                        options.version(),
                        options.head(),
                        images ? Backbones.CNN : Backbones.MLP,
                        images ? null : options.hiddenUnits(),
                        spec,
                        classLabels,
                        options.featureDimension(),
                        options.entropicScale(),
                        null,
                        null,
                        null,
                        null);
        out.printf(
                "Training %s %s (%s head) on %d examples, validating on %d%n",
                options.name(),
                options.version(),
                options.head(),
                split.train().length,
                split.validation().length);
        ModelTrainer.Result result =
                new ModelTrainer(options, System.err, System.console() != null)
                        .train(examples, split, manifest);
        try (OodModel model = OodModel.of(result.model(), manifest)) {
            ScoredSet validation =
                    images
                            ? Scorer.images(
                                    model, imageSet.select(split.validation(), "validation"))
                            : Scorer.vectors(
                                    model, vectorSet.select(split.validation(), "validation"));
            Calibration calibration =
                    Calibrator.calibrate(
                            validation,
                            args.number("--tpr", 0.95),
                            args.has("--per-class"),
                            classLabels.size(),
                            "held-out validation split of " + Path.of(dataPath).getFileName());
            Double testAccuracy = null;
            Map<String, Double> ood = new LinkedHashMap<>();
            if (args.has("--test-images")) {
                ImageSet test =
                        DataSources.labelledImages(
                                args.required("--test-images"), args.required("--test-labels"));
                EvaluationReport report =
                        Evaluator.evaluate(
                                        model,
                                        test,
                                        DataSources.oodSets(
                                                args.all("--ood"), test.height(), test.width()))
                                .report();
                testAccuracy = report.accuracy();
                report.ood().forEach((name, byScore) -> ood.put(name, byScore.get("mds").auroc()));
            }
            TrainingSummary summary =
                    new TrainingSummary(
                            Path.of(dataPath).getFileName().toString(),
                            Sha256.of(Path.of(dataPath)),
                            split.train().length,
                            split.validation().length,
                            result.epochsRun(),
                            options.batchSize(),
                            options.learningRate(),
                            options.seed(),
                            validation.accuracy(),
                            testAccuracy,
                            ood.isEmpty() ? null : ood,
                            model.device(),
                            Math.round(result.seconds() * 10) / 10.0);
            ModelManifest saved =
                    ModelArtifact.save(
                            outDir,
                            result.model(),
                            manifest.withCalibration(calibration)
                                    .withAlertDetector(
                                            AlertDetectorFitter.fit(
                                                    validation,
                                                    calibration.tpr(),
                                                    calibration.validationSource()))
                                    .withTraining(summary));
            out.printf(
                    "Saved %s: validation accuracy %.4f, threshold %.4f at TPR %.2f%s%n",
                    outDir,
                    validation.accuracy(),
                    calibration.threshold(),
                    calibration.tpr(),
                    testAccuracy == null
                            ? ""
                            : String.format(
                                    ", test accuracy %.4f, MDS AUROC %s", testAccuracy, ood));
            out.println("Parameter files: " + saved.files().keySet());
        }
    }

    private static TrainOptions options(Args args, Path outDir) {
        List<Integer> hidden = new ArrayList<>();
        for (String h : args.get("--hidden", "256").split(",")) {
            try {
                hidden.add(Integer.parseInt(h.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--hidden must be numbers separated by commas");
            }
        }
        return TrainOptions.builder()
                .name(args.get("--name", "fashion-mnist-isomax"))
                .version(args.get("--version", "1.0.0"))
                .head(args.has("--softmax") ? ModelManifest.SOFTMAX : ModelManifest.ISOMAX_PLUS)
                .epochs(args.integer("--epochs", 8))
                .batchSize(args.integer("--batch-size", 128))
                .learningRate((float) args.number("--lr", 1e-3))
                .seed(args.integer("--seed", 42))
                .validationSize(args.integer("--validation-size", 5000))
                .featureDimension(args.integer("--feature-dim", 128))
                .hiddenUnits(hidden)
                .entropicScale((float) args.number("--entropic-scale", 10))
                .earlyStopPatience(args.integer("--early-stop", 0))
                .checkpointDir(
                        Path.of(
                                args.get(
                                        "--checkpoint-dir",
                                        outDir.resolve("checkpoints").toString())))
                .build();
    }
}
