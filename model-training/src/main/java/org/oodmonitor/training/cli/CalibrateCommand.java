package org.oodmonitor.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.detector.AlertDetector;
import org.oodmonitor.inference.model.Calibration;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.model.Sha256;
import org.oodmonitor.inference.model.TrainingSummary;
import org.oodmonitor.training.data.Split;
import org.oodmonitor.training.eval.ScoredSet;
import org.oodmonitor.training.eval.Scorer;
import org.oodmonitor.training.metrics.AlertDetectorFitter;
import org.oodmonitor.training.metrics.Calibrator;

/** Command line: {@code ood-monitor calibrate}; re-picks the OOD threshold of a model. */
public final class CalibrateCommand {

    static final String USAGE =
            """
            Usage: ood-monitor calibrate --model DIR --images IDX_IMAGES --labels IDX_LABELS
                                         [--tpr 0.95] [--per-class]
              Picks the minimum-distance-score threshold that keeps --tpr of the in-distribution
              validation events (scores below it are OOD), optionally one per predicted class,
              and re-fits the alert detector (entropic score and pixel statistics, one joint
              threshold at the same TPR); stores both in the model's manifest.json (the
              parameters are untouched).
              Validation events: when IDX_IMAGES is the file the model was trained on (same
              SHA-256), the seeded held-out split that training set aside; otherwise all of it.
            """;

    private static final Set<String> WITH_VALUE =
            Set.of("--model", "--images", "--labels", "--tpr");

    private CalibrateCommand() {}

    public static void main(String[] args) {
        System.exit(Commands.run("calibrate", USAGE, args, CalibrateCommand::run));
    }

    static void run(String[] argv, PrintStream out) throws IOException {
        Args args = Args.parse(argv, WITH_VALUE, Set.of("--per-class", "--help"));
        Path modelDir = Path.of(args.required("--model"));
        Path imagesFile = Path.of(args.required("--images"));
        double tpr = args.number("--tpr", 0.95);
        if (!(tpr > 0 && tpr <= 1)) {
            throw new IllegalArgumentException("--tpr must be in (0, 1], was " + tpr);
        }
        ImageSet images =
                DataSources.labelledImages(args.required("--images"), args.required("--labels"));
        try (OodModel model = OodModel.load(modelDir)) {
            ModelManifest manifest = model.manifest();
            TrainingSummary training = manifest.training();
            ImageSet validation = images;
            String source = "all of " + imagesFile.getFileName();
            if (training != null && Sha256.of(imagesFile).equals(training.dataSha256())) {
                int count = training.trainCount() + training.validationCount();
                if (count > images.count()) {
                    throw new IllegalArgumentException(
                            imagesFile + " has fewer images than the model was trained on");
                }
                Split split = Split.of(count, training.validationCount(), training.seed());
                validation = images.select(split.validation(), "validation");
                source = "held-out validation split of " + imagesFile.getFileName();
            }
            ScoredSet scored = Scorer.images(model, validation);
            Calibration calibration =
                    Calibrator.calibrate(
                            scored,
                            tpr,
                            args.has("--per-class"),
                            manifest.classLabels().size(),
                            source);
            AlertDetector detector = AlertDetectorFitter.fit(scored, tpr, source);
            ModelArtifact.writeManifest(
                    modelDir, manifest.withCalibration(calibration).withAlertDetector(detector));
            out.printf(
                    Locale.ROOT,
                    "Calibrated %s on %d events (%s): threshold %.4f at TPR %.3f%s; alert"
                            + " detector %s, threshold %.6f%n",
                    modelDir,
                    scored.count(),
                    source,
                    calibration.threshold(),
                    tpr,
                    calibration.perClassThresholds() == null
                            ? ""
                            : ", per class " + calibration.perClassThresholds(),
                    detector.name(),
                    detector.threshold());
        }
    }
}
