package org.oodmonitor.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.control.ControlTopic;

/**
 * The variant of a what-if replay: another model directory or another threshold for one served
 * model, everything else unchanged.
 *
 * @param servingName the served model the variant changes
 * @param modelDir the variant's model directory, or null
 * @param threshold the variant's threshold, or null
 */
@PublicEvolving
public record WhatIf(String servingName, String modelDir, Double threshold) {

    /**
     * The variant {@code kind:NAME} = {@code value}: {@code model:NAME} with a model directory, or
     * {@code threshold:NAME} with a threshold.
     *
     * @throws IllegalArgumentException for any other form
     */
    public static WhatIf of(String kindAndName, String value) {
        int colon = kindAndName.indexOf(':');
        String text = kindAndName + "=" + value;
        if (colon < 0 || colon == kindAndName.length() - 1 || value.isEmpty()) {
            throw new IllegalArgumentException(
                    "--what-if must be model:NAME=DIR or threshold:NAME=VALUE, was '" + text + "'");
        }
        String kind = kindAndName.substring(0, colon);
        String name = kindAndName.substring(colon + 1);
        return switch (kind) {
            case "model" -> new WhatIf(name, value, null);
            case "threshold" -> {
                try {
                    yield new WhatIf(name, null, Double.parseDouble(value));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "--what-if threshold:" + name + "=" + value + ": not a number");
                }
            }
            default ->
                    throw new IllegalArgumentException(
                            "--what-if must start with model: or threshold:, was '" + text + "'");
        };
    }

    /**
     * The configuration of the variant replay.
     *
     * @throws IllegalArgumentException when the model is not served
     */
    public Configuration apply(Configuration config) {
        Map<String, String> models = new LinkedHashMap<>(config.get(ModelOptions.MODELS));
        if (!models.containsKey(servingName)) {
            throw new IllegalArgumentException(
                    "--what-if names model '"
                            + servingName
                            + "', which is not served; served: "
                            + models.keySet());
        }
        Configuration variant = new Configuration(config);
        if (modelDir != null) {
            models.put(servingName, modelDir);
            variant.set(ModelOptions.MODELS, models);
        } else {
            Map<String, String> thresholds =
                    new LinkedHashMap<>(config.get(ModelOptions.THRESHOLD_OVERRIDES));
            thresholds.put(servingName, Double.toString(threshold));
            variant.set(ModelOptions.THRESHOLD_OVERRIDES, thresholds);
        }
        return variant;
    }

    /**
     * The model commands the variant applies: a variant model replaces every version of its model
     * over the whole range, so the control topic's commands for that model are left out; a variant
     * threshold keeps them (it is the configured version's, and deployed versions keep their own).
     */
    public ControlTopic.Read control(ControlTopic.Read read) {
        return modelDir != null ? read.without(servingName) : read;
    }

    /** For people: what the variant changes. */
    public String describe() {
        return modelDir != null
                ? "model "
                        + servingName
                        + " from "
                        + modelDir
                        + " over the whole range (no control commands for it)"
                : "threshold of " + servingName + " at " + threshold;
    }
}
