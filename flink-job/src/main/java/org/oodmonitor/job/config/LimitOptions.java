package org.oodmonitor.job.config;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.oodmonitor.schemas.validation.ValidationLimits;

/** The size limits of input and output records. */
@PublicEvolving
public final class LimitOptions {

    public static final ConfigOption<Integer> MAX_RECORD_BYTES =
            ConfigOptions.key("ood.limits.max-record-bytes")
                    .intType()
                    .defaultValue(ValidationLimits.DEFAULT_MAX_RECORD_BYTES)
                    .withDescription(
                            "Input records larger than this go to the dead-letter topic"
                                    + " (OVERSIZED_RECORD) without being parsed.");
    public static final ConfigOption<Integer> MAX_OUTPUT_BYTES =
            ConfigOptions.key("ood.limits.max-output-bytes")
                    .intType()
                    .defaultValue(1_000_000)
                    .withDescription(
                            "An event whose score record would be larger than this (attributes"
                                    + " of a large input, say) goes to the dead-letter topic"
                                    + " (OVERSIZED_RECORD) instead of failing the sink: keep it"
                                    + " under the producer's max.request.size and the output"
                                    + " topics' max.message.bytes (1 MiB by default).");
    public static final ConfigOption<Integer> MAX_IMAGE_BYTES =
            ConfigOptions.key("ood.limits.max-image-bytes")
                    .intType()
                    .defaultValue(ValidationLimits.DEFAULT_MAX_IMAGE_BYTES)
                    .withDescription("Largest decoded image payload accepted, in bytes.");

    private LimitOptions() {}
}
