package org.oodmonitor.job.operators;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.oodmonitor.job.config.SettingsProblems;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.job.scoring.ModelSpecs;

/**
 * The windowing operators' part of the settings, passed to them whole and checked once, here.
 *
 * @param size event-time window size
 * @param expectedOodRate OOD rate expected at the calibrated threshold (1 - TPR)
 * @param falseAlarmProbability p-value below which a window is flagged
 * @param maxOodRate fixed rate above which a window is flagged too, or null
 * @param maxKeys sources with windows (and gauges) of their own, per model and window
 * @param shift the shift tests and the sequential shift detector
 */
@Internal
public record WindowSettings(
        Duration size,
        double expectedOodRate,
        double falseAlarmProbability,
        Double maxOodRate,
        int maxKeys,
        ShiftSettings shift)
        implements Serializable {

    /**
     * @throws IllegalArgumentException naming each setting out of range by its option key
     */
    public WindowSettings {
        Objects.requireNonNull(shift, "shift");
        new SettingsProblems()
                .check(
                        size != null && size.toMillis() > 0,
                        WindowOptions.WINDOW_SIZE,
                        "must be positive",
                        size)
                .check(
                        expectedOodRate > 0 && expectedOodRate < 1,
                        WindowOptions.EXPECTED_OOD_RATE,
                        "must be in (0, 1)",
                        expectedOodRate)
                .check(
                        falseAlarmProbability > 0 && falseAlarmProbability < 1,
                        WindowOptions.FALSE_ALARM_PROBABILITY,
                        "must be in (0, 1)",
                        falseAlarmProbability)
                .check(
                        maxOodRate == null || (maxOodRate > 0 && maxOodRate <= 1),
                        WindowOptions.MAX_OOD_RATE,
                        "must be in (0, 1]",
                        maxOodRate)
                .check(maxKeys >= 1, WindowOptions.MAX_WINDOW_KEYS, "must be >= 1", maxKeys)
                .throwIfAny();
    }

    /** The window settings of {@code config}, with the shift references of {@code models}. */
    public static WindowSettings from(ReadableConfig config, ModelSpecs models) {
        SettingsProblems problems = new SettingsProblems();
        ShiftSettings shift = problems.attempt(() -> ShiftSettings.from(config, models));
        // With the defaults' shift part in place of a bad one, so that both parts' problems show.
        ShiftSettings checked =
                shift != null ? shift : ShiftSettings.from(new Configuration(), models);
        WindowSettings windows =
                problems.attempt(
                        () ->
                                new WindowSettings(
                                        config.get(WindowOptions.WINDOW_SIZE),
                                        config.get(WindowOptions.EXPECTED_OOD_RATE),
                                        config.get(WindowOptions.FALSE_ALARM_PROBABILITY),
                                        config.getOptional(WindowOptions.MAX_OOD_RATE).orElse(null),
                                        config.get(WindowOptions.MAX_WINDOW_KEYS),
                                        checked));
        problems.throwIfAny();
        return windows;
    }
}
