package org.oodmonitor.job.config;

import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Delayed labels: how long a score waits for its label, and a label for its score. */
@PublicEvolving
public final class LabelOptions {

    public static final ConfigOption<Duration> MAX_DELAY =
            ConfigOptions.key("ood.labels.max-delay")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "How long, in event time, a score waits for its label (from the"
                                    + " event's time) and a label for its score (from the"
                                    + " label's time); kept in checkpointed state. A label"
                                    + " later than this, or for an event never scored, goes to"
                                    + " the dead-letter topic; a window's quality record is"
                                    + " written once this long has passed after its end.");

    private LabelOptions() {}
}
