package org.oodmonitor.job.config;

import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The event-time windows of OOD rates and when one is flagged. */
@PublicEvolving
public final class WindowOptions {

    public static final ConfigOption<Duration> WINDOW_SIZE =
            ConfigOptions.key("ood.window.size")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Event-time tumbling window size.");
    public static final ConfigOption<Integer> MAX_WINDOW_KEYS =
            ConfigOptions.key("ood.window.max-keys")
                    .intType()
                    .defaultValue(10_000)
                    .withDescription(
                            "Sources with windows of their own, per model and window; later sources"
                                    + " share the source 'other' (metric windowKeysPooled), so that"
                                    + " random source names cannot exhaust memory.");
    public static final ConfigOption<Double> EXPECTED_OOD_RATE =
            ConfigOptions.key("ood.window.expected-ood-rate")
                    .doubleType()
                    .defaultValue(0.05)
                    .withDescription("OOD rate expected at the calibrated threshold (1 - TPR).");
    public static final ConfigOption<Double> FALSE_ALARM_PROBABILITY =
            ConfigOptions.key("ood.window.false-alarm-probability")
                    .doubleType()
                    .defaultValue(0.001)
                    .withDescription("Flag a window when its binomial p-value is below this.");
    public static final ConfigOption<Double> MAX_OOD_RATE =
            ConfigOptions.key("ood.window.max-ood-rate")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription("Also flag a window whose OOD rate is above this bound.");

    private WindowOptions() {}
}
