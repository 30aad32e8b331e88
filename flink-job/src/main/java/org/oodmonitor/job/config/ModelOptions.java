package org.oodmonitor.job.config;

import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The served models and which events each scores. */
@PublicEvolving
public final class ModelOptions {

    public static final ConfigOption<Map<String, String>> MODELS =
            ConfigOptions.key("ood.model.dirs")
                    .mapType()
                    .defaultValue(Map.of("fashion-mnist-isomax", "models/fashion-mnist-isomax"))
                    .withDescription(
                            "Served models as NAME:DIR pairs, for example"
                                    + " fashion:models/fashion,vec:models/vec. DIR is a path on"
                                    + " the machine that runs the job, or a URI that Flink's file"
                                    + " systems read, in single quotes (fashion:'s3://bucket/m');"
                                    + " either way checked against its manifest's checksums"
                                    + " before it is served.");
    public static final ConfigOption<String> DEFAULT_MODEL =
            ConfigOptions.key("ood.model.default")
                    .stringType()
                    .defaultValue("fashion-mnist-isomax")
                    .withDescription("Model for events that name none.");
    public static final ConfigOption<Map<String, String>> SOURCE_DEFAULT_MODELS =
            ConfigOptions.key("ood.model.source-defaults")
                    .mapType()
                    .defaultValue(Map.of())
                    .withDescription(
                            "Default model per source, as SOURCE:NAME pairs, for events that name"
                                    + " none; other sources get ood.model.default.");
    public static final ConfigOption<Map<String, String>> THRESHOLD_OVERRIDES =
            ConfigOptions.key("ood.model.thresholds")
                    .mapType()
                    .defaultValue(Map.of())
                    .withDescription(
                            "Minimum-distance-score thresholds replacing the calibrated ones, as"
                                    + " NAME:VALUE pairs; a model with a threshold here decides on"
                                    + " that score alone, without its alert detector.");

    private ModelOptions() {}
}
