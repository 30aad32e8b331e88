package org.oodmonitor.training;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.oodmonitor.training.data.OodSource;
import org.oodmonitor.training.train.TrainOptions;

/**
 * One training run as asked for: the data (labelled IDX images, or a labelled vector file), the
 * training settings, the calibration, an optional test evaluation, and where the model goes.
 *
 * @param options the training settings
 * @param images IDX images to train on, or null with {@code vectors}
 * @param labels their IDX labels, or null with {@code vectors}
 * @param vectors a labelled vector file to train on, or null with {@code images}
 * @param maxTrain at most this many examples are used
 * @param classLabels the class names, or null for Fashion-MNIST's (ten-class images) or numbers
 * @param tpr share of the validation events the threshold keeps
 * @param perClass whether to calibrate a threshold per class as well
 * @param test test images, labels and OOD sets to evaluate the trained model on, or null
 * @param outDir where the model directory is written
 */
public record TrainingRequest(
        TrainOptions options,
        Path images,
        Path labels,
        Path vectors,
        int maxTrain,
        List<String> classLabels,
        double tpr,
        boolean perClass,
        TestData test,
        Path outDir) {

    /**
     * A test evaluation.
     *
     * @param images IDX test images
     * @param labels their IDX labels
     * @param ood the OOD sets whose AUROC the training summary records
     */
    public record TestData(Path images, Path labels, List<OodSource> ood) {}

    /**
     * @throws IllegalArgumentException for neither or both of images and vectors
     */
    public TrainingRequest {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(outDir, "outDir");
        if ((images == null) == (vectors == null)) {
            throw new IllegalArgumentException("train on images or on vectors, not both or none");
        }
    }

    /** Whether the data are images. */
    public boolean isImages() {
        return images != null;
    }
}
