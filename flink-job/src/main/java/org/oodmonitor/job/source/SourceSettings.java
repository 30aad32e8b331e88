package org.oodmonitor.job.source;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.ReadableConfig;
import org.oodmonitor.job.config.LimitOptions;
import org.oodmonitor.job.config.SettingsProblems;
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * The sources' part of the settings, checked once here: input size limits, watermarks and the
 * accepted event times.
 *
 * @param limits input size limits
 * @param outOfOrderness how far behind the newest event a late one may be and still count
 * @param idleness after how long without events an input stops holding back the watermark
 * @param eventTimeGuard the accepted event times around processing time
 */
@Internal
public record SourceSettings(
        ValidationLimits limits,
        Duration outOfOrderness,
        Duration idleness,
        EventTimeGuard eventTimeGuard)
        implements Serializable {

    /**
     * @throws IllegalArgumentException naming each duration out of range by its option key
     */
    public SourceSettings {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(eventTimeGuard, "eventTimeGuard");
        new SettingsProblems()
                .check(
                        outOfOrderness != null && !outOfOrderness.isNegative(),
                        SourceOptions.OUT_OF_ORDERNESS,
                        "must be >= 0",
                        outOfOrderness)
                .check(
                        idleness != null && !idleness.isNegative(),
                        SourceOptions.IDLENESS,
                        "must be >= 0",
                        idleness)
                .throwIfAny();
    }

    /** The sources' settings of {@code config}, every default that of its option. */
    public static SourceSettings from(ReadableConfig config) {
        return new SourceSettings(
                ValidationLimits.builder()
                        .maxRecordBytes(config.get(LimitOptions.MAX_RECORD_BYTES))
                        .maxImageBytes(config.get(LimitOptions.MAX_IMAGE_BYTES))
                        .build(),
                config.get(SourceOptions.OUT_OF_ORDERNESS),
                config.get(SourceOptions.IDLENESS),
                new EventTimeGuard(
                        config.get(SourceOptions.EVENT_TIME_MAX_FUTURE),
                        config.get(SourceOptions.EVENT_TIME_MAX_AGE)));
    }

    /** The parser of image (or else feature) records, timed by {@code clock}. */
    public EventParser parser(boolean images, ProcessingClock clock) {
        return new EventParser(images, limits, eventTimeGuard, clock);
    }

    /** The watermarks of the job's inputs. */
    public WatermarkStrategy<ParsedRecord> watermarks() {
        return EventTimeWatermarks.strategy(outOfOrderness, idleness);
    }
}
