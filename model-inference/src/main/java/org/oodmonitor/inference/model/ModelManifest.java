package org.oodmonitor.inference.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.oodmonitor.inference.detector.AlertDetector;

/**
 * The {@code manifest.json} of a model directory: everything needed to load, feed and trust the
 * parameters beside it.
 *
 * @param formatVersion version of this manifest format ({@value #FORMAT_VERSION})
 * @param name model name, as events name it
 * @param version model version
 * @param head {@code isomax_plus} or {@code softmax}
 * @param backbone {@code cnn} or {@code mlp}
 * @param hiddenUnits widths of the MLP's hidden layers (mlp only)
 * @param input what the model takes
 * @param classLabels one label per class
 * @param featureDimension width of the features the head sees
 * @param entropicScale the IsoMax+ entropic scale used in training
 * @param calibration the OOD thresholds, or null before calibration
 * @param alertDetector the detector that decides alerts, or null for the calibrated threshold on
 *     the minimum distance score alone (format 1 manifests)
 * @param training how it was trained
 * @param files SHA-256 of every parameter file, by file name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(
        int formatVersion,
        String name,
        String version,
        String head,
        String backbone,
        List<Integer> hiddenUnits,
        InputSpec input,
        List<String> classLabels,
        int featureDimension,
        float entropicScale,
        Calibration calibration,
        AlertDetector alertDetector,
        TrainingSummary training,
        Map<String, String> files) {

    public static final int FORMAT_VERSION = 2;

    /** The oldest format this build reads; format 1 has no alert detector. */
    public static final int OLDEST_FORMAT_VERSION = 1;

    public static final String ISOMAX_PLUS = "isomax_plus";
    public static final String SOFTMAX = "softmax";

    public ModelManifest withCalibration(Calibration newCalibration) {
        return new ModelManifest(
                formatVersion,
                name,
                version,
                head,
                backbone,
                hiddenUnits,
                input,
                classLabels,
                featureDimension,
                entropicScale,
                newCalibration,
                alertDetector,
                training,
                files);
    }

    public ModelManifest withTraining(TrainingSummary newTraining) {
        return new ModelManifest(
                formatVersion,
                name,
                version,
                head,
                backbone,
                hiddenUnits,
                input,
                classLabels,
                featureDimension,
                entropicScale,
                calibration,
                alertDetector,
                newTraining,
                files);
    }

    public ModelManifest withFiles(Map<String, String> newFiles) {
        return new ModelManifest(
                formatVersion,
                name,
                version,
                head,
                backbone,
                hiddenUnits,
                input,
                classLabels,
                featureDimension,
                entropicScale,
                calibration,
                alertDetector,
                training,
                newFiles);
    }

    /** This manifest with {@code detector} and the current format version. */
    public ModelManifest withAlertDetector(AlertDetector detector) {
        return new ModelManifest(
                FORMAT_VERSION,
                name,
                version,
                head,
                backbone,
                hiddenUnits,
                input,
                classLabels,
                featureDimension,
                entropicScale,
                calibration,
                detector,
                training,
                files);
    }
}
