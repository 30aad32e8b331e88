package org.oodmonitor.training;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.model.Sha256;
import org.oodmonitor.inference.model.TrainingSummary;
import org.oodmonitor.inference.nn.Backbones;
import org.oodmonitor.training.data.ClassLabels;
import org.oodmonitor.training.data.Examples;
import org.oodmonitor.training.data.OodSource;
import org.oodmonitor.training.data.Split;
import org.oodmonitor.training.data.VectorFiles;
import org.oodmonitor.training.data.VectorSet;
import org.oodmonitor.training.eval.EvaluationReport;
import org.oodmonitor.training.eval.Evaluator;
import org.oodmonitor.training.eval.ScoredSet;
import org.oodmonitor.training.eval.Scorer;
import org.oodmonitor.training.train.ModelTrainer;
import org.oodmonitor.training.train.TrainOptions;

/**
 * Trains, calibrates and saves a model: loads and splits the data, trains, scores the held-out
 * validation split, fits the threshold and alert detector ({@link ModelCalibration#fit}),
 * optionally evaluates on a test set, and writes the model directory.
 */
public final class Training {

    private Training() {}

    /**
     * What a run produced.
     *
     * @param manifest the saved manifest
     * @param fitted the threshold and detector
     * @param validationAccuracy accuracy on the validation split
     * @param testAccuracy accuracy on the test set, or null without one
     * @param oodAuroc MDS AUROC per OOD test set (empty without a test set)
     */
    public record Result(
            ModelManifest manifest,
            ModelCalibration.Fitted fitted,
            double validationAccuracy,
            Double testAccuracy,
            Map<String, Double> oodAuroc) {}

    /**
     * Runs {@code request}.
     *
     * @param out the run's one line before training starts
     * @param progress where the trainer writes its progress
     */
    public static Result run(TrainingRequest request, PrintWriter out, PrintStream progress)
            throws IOException {
        TrainOptions options = request.options();
        boolean images = request.isImages();
        ImageSet imageSet = null;
        VectorSet vectorSet = null;
        int[] labels;
        Path dataPath;
        if (images) {
            dataPath = request.images();
            imageSet = IdxFiles.readImages(dataPath, request.labels()).head(request.maxTrain());
            labels = imageSet.labels();
        } else {
            dataPath = request.vectors();
            vectorSet = VectorFiles.read(dataPath);
            if (vectorSet.count() > request.maxTrain()) {
                vectorSet =
                        vectorSet.select(
                                IntStream.range(0, request.maxTrain()).toArray(), vectorSet.name());
            }
            labels = vectorSet.labels();
        }
        Split split = Split.of(labels.length, options.validationSize(), options.seed());
        InputSpec inputSpec;
        Examples examples;
        if (images) {
            float[] stats = Examples.pixelStatistics(imageSet, split.train());
            inputSpec = InputSpec.image(imageSet.height(), imageSet.width(), stats[0], stats[1]);
            examples = Examples.of(imageSet, inputSpec);
        } else {
            examples = Examples.of(vectorSet);
            inputSpec = examples.spec();
        }
        List<String> classNames = ClassLabels.labels(request.classLabels(), labels, images);
        ModelManifest manifest =
                new ModelManifest(
                        ModelManifest.FORMAT_VERSION,
                        options.name(),
                        options.version(),
                        options.head(),
                        images ? Backbones.CNN : Backbones.MLP,
                        images ? null : options.hiddenUnits(),
                        inputSpec,
                        classNames,
                        options.featureDimension(),
                        options.entropicScale(),
                        null,
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
        out.flush();
        ModelTrainer.Result trained =
                new ModelTrainer(options, progress, System.console() != null)
                        .train(examples, split, manifest);
        try (OodModel model = OodModel.of(trained.model(), manifest)) {
            ScoredSet validation =
                    images
                            ? Scorer.images(
                                    model, imageSet.select(split.validation(), "validation"))
                            : Scorer.vectors(
                                    model, vectorSet.select(split.validation(), "validation"));
            ModelCalibration.Fitted fitted =
                    ModelCalibration.fit(
                            validation,
                            request.tpr(),
                            request.perClass(),
                            classNames.size(),
                            "held-out validation split of " + dataPath.getFileName());
            Double testAccuracy = null;
            Map<String, Double> ood = new LinkedHashMap<>();
            if (request.test() != null) {
                testAccuracy = evaluate(model, request.test(), ood);
            }
            TrainingSummary summary =
                    new TrainingSummary(
                            dataPath.getFileName().toString(),
                            Sha256.of(dataPath),
                            split.train().length,
                            split.validation().length,
                            trained.epochsRun(),
                            options.batchSize(),
                            options.learningRate(),
                            options.seed(),
                            validation.accuracy(),
                            testAccuracy,
                            ood.isEmpty() ? null : ood,
                            model.device(),
                            Math.round(trained.seconds() * 10) / 10.0);
            ModelManifest saved =
                    ModelArtifact.save(
                            request.outDir(),
                            trained.model(),
                            fitted.applyTo(manifest).withTraining(summary));
            return new Result(saved, fitted, validation.accuracy(), testAccuracy, ood);
        }
    }

    /** Test accuracy; puts each OOD set's MDS AUROC in {@code ood}. */
    private static double evaluate(
            OodModel model, TrainingRequest.TestData test, Map<String, Double> ood)
            throws IOException {
        ImageSet set = IdxFiles.readImages(test.images(), test.labels());
        List<OodSource> sources = test.ood();
        EvaluationReport report =
                Evaluator.evaluate(
                                model, set, OodSource.loadAll(sources, set.height(), set.width()))
                        .report();
        report.ood().forEach((name, byScore) -> ood.put(name, byScore.get("mds").auroc()));
        return report.accuracy();
    }
}
