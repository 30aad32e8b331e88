package org.oodmonitor.inference.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.oodmonitor.inference.detector.AlertDetector;
import org.oodmonitor.inference.shift.ShiftReference;

/**
 * The {@code manifest.json} of a model directory: everything needed to load, feed and trust the
 * parameters beside it.
 *
 * @param formatVersion version of this manifest format ({@value #FORMAT_VERSION})
 * @param name model name, as events name it
 * @param version model version
 * @param head {@code isomax_plus} or {@code softmax}
 * @param backbone {@code cnn}, {@code mlp}, {@code torchscript} or {@code torchscript_features}
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
 * @param shiftReference what in-distribution traffic looks like, for the monitor's window tests, or
 *     null for a model calibrated before format 3
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
        Map<String, String> files,
        ShiftReference shiftReference) {

    /** The format this build writes; format 3 adds the shift reference. */
    public static final int FORMAT_VERSION = 3;

    /** The oldest format this build reads; format 1 has no alert detector. */
    public static final int OLDEST_FORMAT_VERSION = 1;

    public static final String ISOMAX_PLUS = "isomax_plus";
    public static final String SOFTMAX = "softmax";

    public ModelManifest withCalibration(Calibration newCalibration) {
        Fields f = new Fields(this);
        f.calibration = newCalibration;
        return f.build();
    }

    public ModelManifest withTraining(TrainingSummary newTraining) {
        Fields f = new Fields(this);
        f.training = newTraining;
        return f.build();
    }

    public ModelManifest withFiles(Map<String, String> newFiles) {
        Fields f = new Fields(this);
        f.files = newFiles;
        return f.build();
    }

    /** This manifest with {@code detector} and the current format version. */
    public ModelManifest withAlertDetector(AlertDetector detector) {
        Fields f = new Fields(this);
        f.alertDetector = detector;
        f.formatVersion = FORMAT_VERSION;
        return f.build();
    }

    /** This manifest with {@code reference} and the current format version. */
    public ModelManifest withShiftReference(ShiftReference reference) {
        Fields f = new Fields(this);
        f.shiftReference = reference;
        f.formatVersion = FORMAT_VERSION;
        return f.build();
    }

    /** A mutable copy of every field, so that each {@code with} method names only its change. */
    private static final class Fields {
        private int formatVersion;
        private final String name;
        private final String version;
        private final String head;
        private final String backbone;
        private final List<Integer> hiddenUnits;
        private final InputSpec input;
        private final List<String> classLabels;
        private final int featureDimension;
        private final float entropicScale;
        private Calibration calibration;
        private AlertDetector alertDetector;
        private TrainingSummary training;
        private Map<String, String> files;
        private ShiftReference shiftReference;

        Fields(ModelManifest m) {
            formatVersion = m.formatVersion;
            name = m.name;
            version = m.version;
            head = m.head;
            backbone = m.backbone;
            hiddenUnits = m.hiddenUnits;
            input = m.input;
            classLabels = m.classLabels;
            featureDimension = m.featureDimension;
            entropicScale = m.entropicScale;
            calibration = m.calibration;
            alertDetector = m.alertDetector;
            training = m.training;
            files = m.files;
            shiftReference = m.shiftReference;
        }

        ModelManifest build() {
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
                    files,
                    shiftReference);
        }
    }
}
