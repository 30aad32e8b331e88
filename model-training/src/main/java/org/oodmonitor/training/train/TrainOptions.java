package org.oodmonitor.training.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.oodmonitor.inference.model.ModelManifest;

/**
 * Settings of one training run; {@link Builder#build()} checks them all.
 *
 * @param name model name
 * @param version model version
 * @param head {@code isomax_plus} (default) or {@code softmax} (the baseline)
 * @param epochs maximum epochs
 * @param batchSize examples per step
 * @param learningRate Adam learning rate
 * @param seed seed of initialisation, split and shuffling
 * @param validationSize examples held out of the training data for validation and calibration
 * @param featureDimension width of the features the head sees
 * @param hiddenUnits MLP hidden layers (vector models)
 * @param entropicScale IsoMax+ entropic scale
 * @param earlyStopPatience stop after this many epochs without better validation accuracy; 0 for
 *     never
 * @param checkpointDir where each epoch's model is saved, or null
 */
public record TrainOptions(
        String name,
        String version,
        String head,
        int epochs,
        int batchSize,
        float learningRate,
        long seed,
        int validationSize,
        int featureDimension,
        List<Integer> hiddenUnits,
        float entropicScale,
        int earlyStopPatience,
        Path checkpointDir) {

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link TrainOptions} with the defaults of the reference recipe. */
    public static final class Builder {
        private String name = "fashion-mnist-isomax";
        private String version = "1.0.0";
        private String head = ModelManifest.ISOMAX_PLUS;
        private int epochs = 8;
        private int batchSize = 128;
        private float learningRate = 1e-3f;
        private long seed = 42;
        private int validationSize = 5000;
        private int featureDimension = 128;
        private List<Integer> hiddenUnits = List.of(256);
        private float entropicScale = 10f;
        private int earlyStopPatience = 0;
        private Path checkpointDir;

        private Builder() {}

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder version(String v) {
            version = v;
            return this;
        }

        public Builder head(String v) {
            head = v;
            return this;
        }

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder learningRate(float v) {
            learningRate = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder validationSize(int v) {
            validationSize = v;
            return this;
        }

        public Builder featureDimension(int v) {
            featureDimension = v;
            return this;
        }

        public Builder hiddenUnits(List<Integer> v) {
            hiddenUnits = List.copyOf(v);
            return this;
        }

        public Builder entropicScale(float v) {
            entropicScale = v;
            return this;
        }

        public Builder earlyStopPatience(int v) {
            earlyStopPatience = v;
            return this;
        }

        public Builder checkpointDir(Path v) {
            checkpointDir = v;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming every invalid setting
         */
        public TrainOptions build() {
            List<String> errors = new ArrayList<>();
            if (name == null || !name.matches("[A-Za-z0-9._-]{1,128}")) {
                errors.add("name must be 1-128 letters, digits, '.', '_' or '-', was " + name);
            }
            if (version == null || version.isBlank()) {
                errors.add("version must be set");
            }
            if (!ModelManifest.ISOMAX_PLUS.equals(head) && !ModelManifest.SOFTMAX.equals(head)) {
                errors.add("head must be isomax_plus or softmax, was " + head);
            }
            positive(errors, "epochs", epochs);
            positive(errors, "batch size", batchSize);
            positive(errors, "feature dimension", featureDimension);
            if (!(learningRate > 0)) {
                errors.add("learning rate must be positive, was " + learningRate);
            }
            if (!(entropicScale > 0)) {
                errors.add("entropic scale must be positive, was " + entropicScale);
            }
            if (validationSize < 1) {
                errors.add(
                        "validation size must be at least 1 (calibration needs it), was "
                                + validationSize);
            }
            if (earlyStopPatience < 0) {
                errors.add("early-stop patience must be >= 0, was " + earlyStopPatience);
            }
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException(
                        "Invalid training options: " + String.join("; ", errors));
            }
            return new TrainOptions(
                    name,
                    version,
                    head,
                    epochs,
                    batchSize,
                    learningRate,
                    seed,
                    validationSize,
                    featureDimension,
                    hiddenUnits,
                    entropicScale,
                    earlyStopPatience,
                    checkpointDir);
        }

        private static void positive(List<String> errors, String what, int value) {
            if (value <= 0) {
                errors.add(what + " must be positive, was " + value);
            }
        }
    }
}
