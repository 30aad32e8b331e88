package org.oodmonitor.job.operators;

import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ReadableConfig;
import org.oodmonitor.job.config.SettingsProblems;
import org.oodmonitor.job.config.ShiftOptions;
import org.oodmonitor.job.scoring.ModelSpecs;

/**
 * The shift detection part of the window settings, checked once, here.
 *
 * @param windowAlpha the false-flag budget of one window, shared by all its shift tests
 * @param expectedRunEvents mean in-distribution events between false shift alerts, at least
 * @param rateRatio how much higher than expected an OOD rate the sequential detector is tuned to
 * @param references where the served models' shift references come from
 */
@Internal
public record ShiftSettings(
        double windowAlpha, long expectedRunEvents, double rateRatio, ShiftReferences references)
        implements Serializable {

    /**
     * @throws IllegalArgumentException naming each setting out of range by its option key
     */
    public ShiftSettings {
        Objects.requireNonNull(references, "references");
        new SettingsProblems()
                .check(
                        windowAlpha > 0 && windowAlpha < 1,
                        ShiftOptions.SHIFT_WINDOW_ALPHA,
                        "must be in (0, 1)",
                        windowAlpha)
                .check(
                        expectedRunEvents >= 2,
                        ShiftOptions.SHIFT_EXPECTED_RUN_EVENTS,
                        "must be >= 2",
                        expectedRunEvents)
                .check(rateRatio > 1, ShiftOptions.SHIFT_RATE_RATIO, "must be > 1", rateRatio)
                .throwIfAny();
    }

    /**
     * The shift settings of {@code config}, with the references in the manifests of {@code models}.
     */
    public static ShiftSettings from(ReadableConfig config, ModelSpecs models) {
        return new ShiftSettings(
                config.get(ShiftOptions.SHIFT_WINDOW_ALPHA),
                config.get(ShiftOptions.SHIFT_EXPECTED_RUN_EVENTS),
                config.get(ShiftOptions.SHIFT_RATE_RATIO),
                ShiftReferences.of(models));
    }
}
