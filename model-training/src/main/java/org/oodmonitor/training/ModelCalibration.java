package org.oodmonitor.training;

import java.io.IOException;
import java.nio.file.Path;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.detector.AlertDetector;
import org.oodmonitor.inference.model.Calibration;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.model.Sha256;
import org.oodmonitor.inference.model.TrainingSummary;
import org.oodmonitor.inference.shift.ShiftReference;
import org.oodmonitor.training.data.ImageFiles;
import org.oodmonitor.training.data.Split;
import org.oodmonitor.training.data.VectorFiles;
import org.oodmonitor.training.data.VectorSet;
import org.oodmonitor.training.eval.ScoredSet;
import org.oodmonitor.training.eval.Scorer;
import org.oodmonitor.training.metrics.AlertDetectorFitter;
import org.oodmonitor.training.metrics.Calibrator;
import org.oodmonitor.training.metrics.ShiftReferenceFitter;

/**
 * What a model's decisions are fitted on: the threshold (global, per class when asked) and the
 * alert detector, both from the same validation scores; used by {@code train} after training and by
 * {@code calibrate} on a saved model.
 */
public final class ModelCalibration {

    private ModelCalibration() {}

    /**
     * The fitted threshold and alert detector.
     *
     * @param calibration the threshold at the requested TPR
     * @param detector the alert detector at the same TPR
     * @param shiftReference what the validation traffic looks like, for the window tests
     */
    public record Fitted(
            Calibration calibration, AlertDetector detector, ShiftReference shiftReference) {

        /** {@code manifest} with this calibration, detector and shift reference. */
        public ModelManifest applyTo(ModelManifest manifest) {
            return manifest.withCalibration(calibration)
                    .withAlertDetector(detector)
                    .withShiftReference(shiftReference);
        }
    }

    /**
     * A recalibration of a saved model.
     *
     * @param fitted what was fitted and written
     * @param count validation events it was fitted on
     * @param source which events those were
     */
    public record Recalibrated(Fitted fitted, int count, String source) {}

    /**
     * Fits all three on {@code validation}.
     *
     * @param tpr share of the validation events the threshold keeps, in (0, 1]
     * @param classes the model's class count, for per-class thresholds
     * @param source which events {@code validation} holds, stored in the manifest
     */
    public static Fitted fit(
            ScoredSet validation, double tpr, boolean perClass, int classes, String source) {
        Calibration calibration = Calibrator.calibrate(validation, tpr, perClass, classes, source);
        AlertDetector detector =
                AlertDetectorFitter.fit(
                        validation, calibration.tpr(), calibration.validationSource());
        return new Fitted(
                calibration,
                detector,
                ShiftReferenceFitter.fit(validation, classes, calibration.validationSource()));
    }

    /**
     * Recalibrates the model in {@code modelDir} on the labelled image files at {@code images} (a
     * folder per class, or a CSV or JSONL list: {@link ImageFiles#labelled}), all of them, and
     * rewrites its manifest: for an imported model, whose images arrive as files of any size.
     *
     * @throws IOException with a one-line reason for a bad folder or list
     */
    public static Recalibrated recalibrateOnFiles(
            Path modelDir, Path images, double tpr, boolean perClass) throws IOException {
        try (OodModel model = OodModel.load(modelDir)) {
            ModelManifest manifest = model.manifest();
            ImageFiles files = ImageFiles.labelled(images, manifest.classLabels());
            ScoredSet scored = Scorer.imageFiles(model, files);
            return write(modelDir, manifest, scored, tpr, perClass, images, null);
        }
    }

    /**
     * Recalibrates the vector model in {@code modelDir} on the labelled vectors of {@code vectors}
     * (the CSV that {@code train --vectors} takes) and rewrites its manifest: the threshold, an
     * alert detector of the entropic score and the vectors' statistics, and the shift reference.
     * When the file is the model's own training data (same SHA-256), only its held-out validation
     * split is used, as training did; otherwise all of it.
     *
     * @throws IllegalArgumentException for a training file with fewer vectors than the model was
     *     trained on
     */
    public static Recalibrated recalibrateVectors(
            Path modelDir, Path vectors, double tpr, boolean perClass) throws IOException {
        VectorSet all = VectorFiles.read(vectors);
        try (OodModel model = OodModel.load(modelDir)) {
            int[] split = heldOut(model.manifest(), vectors, all.vectors().length);
            ScoredSet scored =
                    Scorer.vectors(model, split == null ? all : all.select(split, "validation"));
            return write(modelDir, model.manifest(), scored, tpr, perClass, vectors, split);
        }
    }

    /**
     * The indices of the held-out validation split when {@code data} is the file {@code manifest}
     * was trained on (same SHA-256), else null for all of it.
     *
     * @throws IllegalArgumentException when that file holds fewer examples than training used
     */
    private static int[] heldOut(ModelManifest manifest, Path data, int available)
            throws IOException {
        TrainingSummary training = manifest.training();
        if (training == null || !Sha256.of(data).equals(training.dataSha256())) {
            return null;
        }
        int count = training.trainCount() + training.validationCount();
        if (count > available) {
            throw new IllegalArgumentException(
                    data + " has fewer examples than the model was trained on");
        }
        return Split.of(count, training.validationCount(), training.seed()).validation();
    }

    /** Fits on {@code scored} and rewrites the manifest of {@code modelDir}. */
    private static Recalibrated write(
            Path modelDir,
            ModelManifest manifest,
            ScoredSet scored,
            double tpr,
            boolean perClass,
            Path data,
            int[] split)
            throws IOException {
        String source =
                (split == null ? "all of " : "held-out validation split of ") + data.getFileName();
        Fitted fitted = fit(scored, tpr, perClass, manifest.classLabels().size(), source);
        ModelArtifact.writeManifest(modelDir, fitted.applyTo(manifest));
        return new Recalibrated(fitted, scored.count(), source);
    }

    /**
     * Recalibrates the model in {@code modelDir} on labelled images and rewrites its manifest. When
     * the images are the model's own training data (same SHA-256), only its held-out validation
     * split is used, as training did; otherwise all of them.
     *
     * @throws IllegalArgumentException for a training file with fewer images than the model was
     *     trained on, or a TPR outside (0, 1]
     */
    public static Recalibrated recalibrate(
            Path modelDir, Path images, Path labels, double tpr, boolean perClass)
            throws IOException {
        ImageSet all = IdxFiles.readImages(images, labels);
        try (OodModel model = OodModel.load(modelDir)) {
            int[] split = heldOut(model.manifest(), images, all.count());
            ScoredSet scored =
                    Scorer.images(model, split == null ? all : all.select(split, "validation"));
            return write(modelDir, model.manifest(), scored, tpr, perClass, images, split);
        }
    }
}
