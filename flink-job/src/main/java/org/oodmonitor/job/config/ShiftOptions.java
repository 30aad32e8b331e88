package org.oodmonitor.job.config;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The windows' shift tests and the sequential shift detector. */
@PublicEvolving
public final class ShiftOptions {

    public static final ConfigOption<Double> SHIFT_WINDOW_ALPHA =
            ConfigOptions.key("ood.shift.window-alpha")
                    .doubleType()
                    .defaultValue(0.001)
                    .withDescription(
                            "The chance that a window of unchanged in-distribution traffic is"
                                    + " flagged by any of its shift tests (class mix, score and"
                                    + " input statistic distributions), shared by all of them"
                                    + " with Holm's correction.");
    public static final ConfigOption<Long> SHIFT_EXPECTED_RUN_EVENTS =
            ConfigOptions.key("ood.shift.expected-run-events")
                    .longType()
                    .defaultValue(1_000_000L)
                    .withDescription(
                            "Mean number of in-distribution events between false shift alerts of"
                                    + " the sequential (CUSUM) detector of the OOD rate, at"
                                    + " least.");
    public static final ConfigOption<Double> SHIFT_RATE_RATIO =
            ConfigOptions.key("ood.shift.rate-ratio")
                    .doubleType()
                    .defaultValue(1.2)
                    .withDescription(
                            "The sequential detector is tuned to an OOD rate this many times the"
                                    + " expected one (at most half way from it to 1); smaller"
                                    + " rises are found later.");

    private ShiftOptions() {}
}
