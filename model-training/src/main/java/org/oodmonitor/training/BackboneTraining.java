package org.oodmonitor.training;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.oodmonitor.inference.model.FeatureExtractor;
import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.model.NewModelDirectory;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.model.Sha256;
import org.oodmonitor.inference.model.TorchScriptFile;
import org.oodmonitor.inference.model.TrainingSummary;
import org.oodmonitor.inference.nn.Backbones;
import org.oodmonitor.inference.preprocess.Preprocessor;
import org.oodmonitor.training.data.Examples;
import org.oodmonitor.training.data.ExtractedFeatures;
import org.oodmonitor.training.data.ImageFiles;
import org.oodmonitor.training.data.Split;
import org.oodmonitor.training.data.VectorSet;
import org.oodmonitor.training.eval.ScoredSet;
import org.oodmonitor.training.eval.Scorer;
import org.oodmonitor.training.train.ModelTrainer;
import org.oodmonitor.training.train.TrainOptions;

/**
 * The paper's drop-in replacement of a network's last layer: the IsoMax+ layer (or, as a baseline,
 * a linear SoftMax probe) is trained in DJL on the frozen features of a network cut before its
 * classifier and saved as TorchScript. The model directory holds the extractor ({@code model.pt})
 * and the layer ({@code head.params}); it is calibrated on the held-out split through the job's own
 * path, so it serves exactly as it was calibrated.
 */
public final class BackboneTraining {

    private BackboneTraining() {}

    /**
     * A run as asked for.
     *
     * @param options the training settings of the last layer ({@code featureDimension} is the
     *     extractor's, whatever it says)
     * @param backbone the TorchScript feature extractor
     * @param input what it takes, with its preprocessing
     * @param images labelled images: an ImageFolder, or a .csv/.jsonl list
     * @param classLabels the class names, or null for the ImageFolder's folder names (a list needs
     *     them)
     * @param holdOutAFifth whether to hold out a fifth of the images, at most {@code
     *     options.validationSize()}, instead of exactly that many: a user's folder is often small
     * @param tpr share of the validation images the threshold keeps
     * @param perClass whether to calibrate a threshold per class as well
     * @param outDir the model directory to write, absent or empty
     */
    public record Request(
            TrainOptions options,
            Path backbone,
            InputSpec input,
            Path images,
            List<String> classLabels,
            boolean holdOutAFifth,
            double tpr,
            boolean perClass,
            Path outDir) {

        public Request {
            Objects.requireNonNull(options, "options");
            Objects.requireNonNull(backbone, "backbone");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(images, "images");
            Objects.requireNonNull(outDir, "outDir");
        }
    }

    /**
     * Runs {@code request}; on failure nothing is left in its directory.
     *
     * @param out the run's lines
     * @param progress where the trainer writes its progress
     * @throws IOException with a one-line reason for a bad file, folder or network
     */
    public static Training.Result run(Request request, PrintWriter out, PrintStream progress)
            throws IOException {
        TrainOptions options = request.options();
        List<String> problems = request.input().problems();
        if (!request.input().isImage() || !problems.isEmpty()) {
            throw new IOException(
                    "a backbone takes images with a preprocessing: "
                            + (problems.isEmpty() ? "got a vector input" : problems));
        }
        List<String> classes = classes(request);
        ImageFiles all = ImageFiles.labelled(request.images(), classes);
        int heldOut =
                request.holdOutAFifth()
                        ? Math.max(1, Math.min(options.validationSize(), all.count() / 5))
                        : options.validationSize();
        Split split = Split.of(all.count(), heldOut, options.seed());
        boolean existed = NewModelDirectory.prepare(request.outDir());
        try {
            // The features come from the copy the directory keeps, so they are its network's.
            Path network = request.outDir().resolve(ModelArtifact.TORCHSCRIPT_FILE);
            TorchScriptFile.check(request.backbone());
            Files.copy(request.backbone(), network);
            VectorSet features;
            try (FeatureExtractor extractor = FeatureExtractor.open(network, request.input())) {
                out.printf(
                        "Extracting features of %d images with %s%n",
                        all.count(), request.backbone().getFileName());
                out.flush();
                features =
                        ExtractedFeatures.of(
                                extractor, new Preprocessor(request.input(), options.name()), all);
            }
            ModelManifest manifest = manifest(options, request.input(), classes, features);
            out.printf(
                    "Training the %s last layer on %d features of %d examples, validating on %d%n",
                    options.head(),
                    features.dimension(),
                    split.train().length,
                    split.validation().length);
            out.flush();
            ModelTrainer.Result trained =
                    new ModelTrainer(options, progress, System.console() != null)
                            .train(Examples.of(features), split, headManifest(manifest));
            ModelManifest saved;
            try (var model = trained.model()) {
                saved = save(request, manifest, model.getBlock());
            }
            return calibrate(
                    request,
                    saved,
                    all.select(split.validation(), "validation"),
                    split.train().length,
                    trained);
        } catch (Throwable e) {
            NewModelDirectory.remove(request.outDir(), existed);
            throw e;
        }
    }

    /** The class names given, or an ImageFolder's folder names; a list must be given them. */
    private static List<String> classes(Request request) throws IOException {
        if (request.classLabels() != null) {
            return List.copyOf(request.classLabels());
        }
        if (!Files.isDirectory(request.images())) {
            throw new IOException(
                    request.images() + " is a list: give its classes in order with --class-labels");
        }
        return ImageFiles.classFolders(request.images());
    }

    private static ModelManifest manifest(
            TrainOptions options, InputSpec input, List<String> classes, VectorSet features) {
        return new ModelManifest(
                ModelManifest.FORMAT_VERSION,
                options.name(),
                options.version(),
                options.head(),
                Backbones.TORCHSCRIPT_FEATURES,
                null,
                input,
                classes,
                features.dimension(),
                options.entropicScale(),
                null,
                null,
                null,
                null,
                null);
    }

    /** The manifest the trainer sees: the last layer alone, on feature vectors. */
    private static ModelManifest headManifest(ModelManifest manifest) {
        return new ModelManifest(
                manifest.formatVersion(),
                manifest.name(),
                manifest.version(),
                manifest.head(),
                manifest.backbone(),
                null,
                InputSpec.vector(manifest.featureDimension()),
                manifest.classLabels(),
                manifest.featureDimension(),
                manifest.entropicScale(),
                null,
                null,
                null,
                null,
                null);
    }

    private static ModelManifest save(Request request, ModelManifest manifest, ai.djl.nn.Block head)
            throws IOException {
        Path dir = request.outDir();
        ModelArtifact.saveHead(dir, head);
        Map<String, String> files = new TreeMap<>();
        for (String file : List.of(ModelArtifact.TORCHSCRIPT_FILE, ModelArtifact.HEAD_FILE)) {
            files.put(file, Sha256.of(dir.resolve(file)));
        }
        ModelManifest saved = manifest.withFiles(files);
        ModelArtifact.writeManifest(dir, saved);
        return saved;
    }

    /** Calibrates the saved model on the held-out images, scored as the job scores them. */
    private static Training.Result calibrate(
            Request request,
            ModelManifest saved,
            ImageFiles validation,
            int trainCount,
            ModelTrainer.Result trained)
            throws IOException {
        try (OodModel model = OodModel.load(request.outDir())) {
            ScoredSet scored = Scorer.imageFiles(model, validation);
            ModelCalibration.Fitted fitted =
                    ModelCalibration.fit(
                            scored,
                            request.tpr(),
                            request.perClass(),
                            saved.classLabels().size(),
                            "held-out validation split of " + request.images().getFileName());
            TrainOptions options = request.options();
            TrainingSummary summary =
                    new TrainingSummary(
                            request.images().getFileName().toString(),
                            null,
                            trainCount,
                            validation.count(),
                            trained.epochsRun(),
                            options.batchSize(),
                            options.learningRate(),
                            options.seed(),
                            scored.accuracy(),
                            null,
                            null,
                            model.device(),
                            Math.round(trained.seconds() * 10) / 10.0);
            ModelManifest calibrated = fitted.applyTo(saved).withTraining(summary);
            ModelArtifact.writeManifest(request.outDir(), calibrated);
            return new Training.Result(calibrated, fitted, scored.accuracy(), null, Map.of());
        }
    }
}
