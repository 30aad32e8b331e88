package org.oodmonitor.job.scoring;

import ai.djl.Device;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

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
public record ModelSpecs(
        Map<String, String> modelDirs,
        String defaultModel,
        Map<String, Double> thresholdOverrides,
        Map<String, String> sourceDefaults)
        implements Serializable {

    /**
     * @throws IllegalArgumentException for no models or an unknown default or override
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
        for (String name : thresholdOverrides.keySet()) {
            if (!modelDirs.containsKey(name)) {
                throw new IllegalArgumentException(
                        "threshold override for unknown model '"
                                + name
                                + "'; served: "
                                + modelDirs.keySet());
            }
        }
    }

    /** One model, the default, with its calibrated threshold. */
    public static ModelSpecs single(String name, Path dir) {
        return new ModelSpecs(Map.of(name, dir.toString()), name, Map.of(), Map.of());
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
