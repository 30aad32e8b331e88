package org.oodmonitor.job.scoring;

import ai.djl.Device;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ReadableConfig;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.scoring.ThresholdRule;
import org.oodmonitor.job.config.ModelOptions;

/**
 * Which models a job serves: model directories by name, the default model for events that name
 * none, and optional threshold overrides by model name.
 *
 * @param modelDirs model directory by model name
 * @param defaultModel model for events without a model name; must be one of {@code modelDirs}
 * @param thresholdOverrides threshold to use instead of the calibrated one, by model name
 * @param sourceDefaults model for events without a model name, by source; others get {@code
 *     defaultModel}
 */
@PublicEvolving
public record ModelSpecs(
        Map<String, String> modelDirs,
        String defaultModel,
        Map<String, Double> thresholdOverrides,
        Map<String, String> sourceDefaults)
        implements Serializable {

    /**
     * @throws IllegalArgumentException for no models, an unknown default or override, or an
     *     override that is not a finite number
     */
    public ModelSpecs {
        modelDirs = new LinkedHashMap<>(modelDirs);
        thresholdOverrides = new LinkedHashMap<>(thresholdOverrides);
        sourceDefaults = new LinkedHashMap<>(sourceDefaults);
        for (var entry : sourceDefaults.entrySet()) {
            if (!modelDirs.containsKey(entry.getValue())) {
                throw new IllegalArgumentException(
                        "default model '"
                                + entry.getValue()
                                + "' of source '"
                                + entry.getKey()
                                + "' is not among the served models "
                                + modelDirs.keySet());
            }
        }
        if (modelDirs.isEmpty()) {
            throw new IllegalArgumentException("at least one model must be served");
        }
        if (!modelDirs.containsKey(Objects.requireNonNull(defaultModel, "defaultModel"))) {
            throw new IllegalArgumentException(
                    "default model '"
                            + defaultModel
                            + "' is not among the served models "
                            + modelDirs.keySet());
        }
        for (var override : thresholdOverrides.entrySet()) {
            String name = override.getKey();
            if (override.getValue() == null || !Double.isFinite(override.getValue())) {
                throw new IllegalArgumentException(
                        ModelOptions.THRESHOLD_OVERRIDES.key()
                                + ": the threshold of model '"
                                + name
                                + "' must be a finite number, was "
                                + override.getValue());
            }
            if (!modelDirs.containsKey(name)) {
                throw new IllegalArgumentException(
                        "threshold override for unknown model '"
                                + name
                                + "'; served: "
                                + modelDirs.keySet());
            }
        }
    }

    /**
     * The served models of {@code config}, every default that of its option.
     *
     * @throws IllegalArgumentException for a threshold override that is not a number, or models
     *     this class refuses
     */
    public static ModelSpecs from(ReadableConfig config) {
        Map<String, Double> overrides = new LinkedHashMap<>();
        config.get(ModelOptions.THRESHOLD_OVERRIDES)
                .forEach(
                        (name, value) -> {
                            try {
                                overrides.put(name, Double.parseDouble(value));
                            } catch (NumberFormatException e) {
                                throw new IllegalArgumentException(
                                        ModelOptions.THRESHOLD_OVERRIDES.key()
                                                + ": '"
                                                + value
                                                + "' for "
                                                + name
                                                + " is not a number");
                            }
                        });
        return new ModelSpecs(
                config.get(ModelOptions.MODELS),
                config.get(ModelOptions.DEFAULT_MODEL),
                overrides,
                config.get(ModelOptions.SOURCE_DEFAULT_MODELS));
    }

    /** One model, the default, with its calibrated threshold. */
    public static ModelSpecs single(String name, Path dir) {
        return new ModelSpecs(Map.of(name, dir.toString()), name, Map.of(), Map.of());
    }

    /**
     * Checks, without loading a network, that every model can be served as specified: its files are
     * there and match the manifest's checksums, and it has a threshold (calibrated, or an
     * override). Commands call this before starting or submitting a job, so that a bad model is a
     * one-line error and not a task that fails in {@code open()} and restarts for ever.
     *
     * @throws IllegalArgumentException with a one-line reason naming the model
     */
    public void verify() {
        for (var entry : modelDirs.entrySet()) {
            try (ModelLocation location = ModelLocation.of(entry.getValue())) {
                ModelManifest manifest = ModelArtifact.readVerified(location.local());
                ThresholdRule.of(manifest, thresholdOverrides.get(entry.getKey()));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(
                        "model '" + entry.getKey() + "': " + e.getMessage(), e);
            }
        }
    }

    /**
     * The serving name for an event: the model it names, else its source's default, else the job's
     * default.
     */
    public String servingName(String modelName, String source) {
        if (modelName != null) {
            return modelName;
        }
        return sourceDefaults.getOrDefault(source, defaultModel);
    }

    /** Loads and verifies every model on DJL's default device; the caller closes the registry. */
    public ModelRegistry open() throws IOException {
        return ModelRegistry.open(this, null);
    }

    /** Loads and verifies every model on {@code device}; the caller closes the registry. */
    public ModelRegistry open(Device device) throws IOException {
        return ModelRegistry.open(this, device);
    }
}
