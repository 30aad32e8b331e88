package org.oodmonitor.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;
import org.oodmonitor.job.config.MonitorOptions;

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
     * Parses {@code model:NAME=DIR} or {@code threshold:NAME=VALUE}.
     *
     * @throws IllegalArgumentException for any other form
     */
    public static WhatIf parse(String text) {
        int colon = text.indexOf(':');
        int eq = text.indexOf('=');
        if (colon < 0 || eq < colon + 2 || eq == text.length() - 1) {
            throw new IllegalArgumentException(
                    "--what-if must be model:NAME=DIR or threshold:NAME=VALUE, was '" + text + "'");
        }
        String kind = text.substring(0, colon);
        String name = text.substring(colon + 1, eq);
        String value = text.substring(eq + 1);
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
        Map<String, String> models = new LinkedHashMap<>(config.get(MonitorOptions.MODELS));
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
            variant.set(MonitorOptions.MODELS, models);
        } else {
            Map<String, String> thresholds =
                    new LinkedHashMap<>(config.get(MonitorOptions.THRESHOLD_OVERRIDES));
            thresholds.put(servingName, Double.toString(threshold));
            variant.set(MonitorOptions.THRESHOLD_OVERRIDES, thresholds);
        }
        return variant;
    }

    /** For people: what the variant changes. */
    public String describe() {
        return modelDir != null
                ? "model " + servingName + " from " + modelDir
                : "threshold of " + servingName + " at " + threshold;
    }
}
