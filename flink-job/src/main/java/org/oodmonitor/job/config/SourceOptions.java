package org.oodmonitor.job.config;

import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Event time at the sources: watermarks, idleness and the accepted event times. */
@PublicEvolving
public final class SourceOptions {

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            ConfigOptions.key("ood.watermark.out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription("Bounded out-of-orderness of event time.");
    public static final ConfigOption<Duration> IDLENESS =
            ConfigOptions.key("ood.watermark.idleness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("An input idle this long stops holding back windows.");
    public static final ConfigOption<Duration> EVENT_TIME_MAX_FUTURE =
            ConfigOptions.key("ood.event-time.max-future")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "Events whose event_time is further ahead of processing time go to the"
                                    + " dead-letter topic (EVENT_TIME_OUT_OF_RANGE) and never touch"
                                    + " a watermark.");
    public static final ConfigOption<Duration> EVENT_TIME_MAX_AGE =
            ConfigOptions.key("ood.event-time.max-age")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "Events whose event_time is further behind their Kafka record"
                                    + " timestamp go to the dead-letter topic"
                                    + " (EVENT_TIME_OUT_OF_RANGE), so that a partition trickling"
                                    + " old events cannot hold every window back for longer; 0:"
                                    + " no limit.");

    private SourceOptions() {}
}
