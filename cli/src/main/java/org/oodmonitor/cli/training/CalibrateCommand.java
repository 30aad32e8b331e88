package org.oodmonitor.cli.training;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.cli.HelpOption;
import org.oodmonitor.inference.detector.AlertDetector;
import org.oodmonitor.inference.model.Calibration;
import org.oodmonitor.training.ModelCalibration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Command line: {@code ood-monitor calibrate}; re-picks the OOD threshold of a model. */
@Command(
        name = "calibrate",
        header = "Re-pick a model's OOD threshold on in-distribution validation data.",
        description = {
            "Picks the minimum-distance-score threshold that keeps --tpr of the in-distribution"
                    + " validation events (scores below it are OOD), optionally one per predicted"
                    + " class, and re-fits the alert detector (entropic score and pixel"
                    + " statistics, one joint threshold at the same TPR); stores both in the"
                    + " model's manifest.json (the parameters are untouched).",
            "Validation events: when --images is the IDX file the model was trained on (same"
                    + " SHA-256), the seeded held-out split that training set aside; otherwise all"
                    + " of it. Image files go through the model's own preprocessing (an imported"
                    + " model's resize, crop and normalisation)."
        },
        sortOptions = false)
public final class CalibrateCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            required = true,
            paramLabel = "DIR",
            description = "The model directory; its manifest.json is rewritten.")
    private Path modelDir;

    @Option(
            names = "--vectors",
            paramLabel = "CSV",
            description =
                    "Labelled vectors for a vector model, the CSV that train --vectors takes,"
                            + " instead of --images.")
    private Path vectorsFile;

    @Mixin private LabelledImagesOptions images;

    @Option(
            names = "--tpr",
            paramLabel = "X",
            defaultValue = "0.95",
            description =
                    "Share of the validation events the threshold keeps, in (0, 1] (default:"
                            + " ${DEFAULT-VALUE}).")
    private double tpr;

    @Option(
            names = "--per-class",
            description = "Also calibrate one threshold per predicted class.")
    private boolean perClass;

    @Mixin private HelpOption help;

    @Spec private CommandSpec spec;

    public static void main(String[] args) {
        CommandRunner.exit(new CalibrateCommand(), args);
    }

    /** Runs the command and returns its exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandRunner.run(new CalibrateCommand(), args, out, err);
    }

    @Override
    public Integer call() throws IOException {
        if (!(tpr > 0 && tpr <= 1)) {
            throw new ParameterException(spec.commandLine(), "--tpr must be in (0, 1], was " + tpr);
        }
        if (images.given() == (vectorsFile != null)) {
            throw new ParameterException(
                    spec.commandLine(), "give --images (with --labels for IDX) or --vectors");
        }
        images.check(spec);
        ModelCalibration.Recalibrated done;
        if (vectorsFile != null) {
            done = ModelCalibration.recalibrateVectors(modelDir, vectorsFile, tpr, perClass);
        } else if (images.files()) {
            try {
                done = ModelCalibration.recalibrateOnFiles(modelDir, images.images, tpr, perClass);
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        } else {
            done =
                    ModelCalibration.recalibrate(
                            modelDir, images.images, images.labels, tpr, perClass);
        }
        Calibration calibration = done.fitted().calibration();
        AlertDetector detector = done.fitted().detector();
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "Calibrated %s on %d events (%s): threshold %.4f at TPR %.3f%s; alert"
                                + " detector %s, threshold %.6f%n",
                        modelDir,
                        done.count(),
                        done.source(),
                        calibration.threshold(),
                        tpr,
                        calibration.perClassThresholds() == null
                                ? ""
                                : ", per class " + calibration.perClassThresholds(),
                        detector.name(),
                        detector.threshold());
        return 0;
    }
}
