package org.oodmonitor.job.labels;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ReadableConfig;
import org.oodmonitor.job.config.LabelOptions;
import org.oodmonitor.job.config.SettingsProblems;

/**
 * How delayed labels are joined.
 *
 * @param maxDelay how long a score waits for its label and a label for its score, in event time
 */
@Internal
public record LabelSettings(Duration maxDelay) implements Serializable {

    /**
     * @throws IllegalArgumentException for a wait that is not positive, naming its option
     */
    public LabelSettings {
        new SettingsProblems()
                .check(
                        maxDelay != null && !maxDelay.isNegative() && !maxDelay.isZero(),
                        LabelOptions.MAX_DELAY,
                        "must be positive",
                        maxDelay)
                .throwIfAny();
    }

    /** The label settings of {@code config}. */
    public static LabelSettings from(ReadableConfig config) {
        return new LabelSettings(config.get(LabelOptions.MAX_DELAY));
    }
}
