package org.oodmonitor.job;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.ReadableConfig;
import org.oodmonitor.job.config.LimitOptions;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.MonitorOptions;
import org.oodmonitor.job.config.ScoringOptions;
import org.oodmonitor.job.config.ShiftOptions;
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.job.control.CommandCheck;
import org.oodmonitor.job.control.ControlLimits;
import org.oodmonitor.job.operators.ScoringSettings;
import org.oodmonitor.job.operators.ShiftReferences;
import org.oodmonitor.job.operators.ShiftSettings;
import org.oodmonitor.job.operators.WindowSettings;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.source.EventParser;
import org.oodmonitor.job.source.EventTimeGuard;
import org.oodmonitor.job.source.EventTimeWatermarks;
import org.oodmonitor.job.source.ParsedRecord;
import org.oodmonitor.job.source.ProcessingClock;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * Everything the operators of the pipeline need, already validated.
 *
 * @param models the served models
 * @param limits input size limits
 * @param maxBatchSize events per forward pass, at most
 * @param maxBatchDelay how long an event may wait for its batch
 * @param classDistances whether scores carry the distance to every class
 * @param windowSize event-time window size
 * @param expectedOodRate OOD rate expected at the calibrated threshold (1 - TPR)
 * @param falseAlarmProbability p-value below which a window is flagged
 * @param maxOodRate fixed rate above which a window is flagged too, or null
 * @param outOfOrderness how far behind the newest event a late one may be and still count
 * @param idleness after how long without events an input stops holding back the watermark
 * @param fixedShapeBatches whether forward passes are padded to {@code maxBatchSize} rows, which
 *     makes every score independent of its batch companions
 * @param clock where processing times of scores and dead letters come from
 * @param eventTimeGuard the accepted event times around processing time
 * @param maxWindowKeys sources with windows of their own, per model and window; the rest share one
 * @param inferenceThreads PyTorch intra-op threads of each forward pass, or 0 for cores divided by
 *     the scoring parallelism
 * @param maxOutputBytes the largest score record written; a larger one becomes a dead letter
 * @param shiftWindowAlpha the false-flag budget of one window's shift tests together
 * @param shiftExpectedRunEvents mean in-distribution events between false shift alerts, at least
 * @param shiftRateRatio the raised OOD rate the sequential detector is tuned to, as a multiple
 * @param overlapInference whether forward passes run on an inference thread beside the task thread
 * @param control the bounds of control commands
 */
@PublicEvolving
public record PipelineSettings(
        ModelSpecs models,
        ValidationLimits limits,
        int maxBatchSize,
        Duration maxBatchDelay,
        boolean classDistances,
        Duration windowSize,
        double expectedOodRate,
        double falseAlarmProbability,
        Double maxOodRate,
        Duration outOfOrderness,
        Duration idleness,
        boolean fixedShapeBatches,
        ProcessingClock clock,
        EventTimeGuard eventTimeGuard,
        int maxWindowKeys,
        int inferenceThreads,
        int maxOutputBytes,
        double shiftWindowAlpha,
        long shiftExpectedRunEvents,
        double shiftRateRatio,
        boolean overlapInference,
        ControlLimits control)
        implements Serializable {

    /**
     * The operators' settings from the job options: the one place where options become settings,
     * every default that of its {@link MonitorOptions} option.
     *
     * @throws IllegalArgumentException naming each option out of range or inconsistent, by key
     */
    public static PipelineSettings from(ReadableConfig config) {
        Map<String, Double> overrides = new HashMap<>();
        config.get(ModelOptions.THRESHOLD_OVERRIDES)
                .forEach(
                        (name, value) -> {
                            try {
                                overrides.put(name, Double.parseDouble(value));
                            } catch (NumberFormatException e) {
                                throw new IllegalArgumentException(
                                        ModelOptions.THRESHOLD_OVERRIDES.key()
                                                + ": '"
                                                + value
                                                + "' for "
                                                + name
                                                + " is not a number");
                            }
                        });
        ModelSpecs models =
                new ModelSpecs(
                        config.get(ModelOptions.MODELS),
                        config.get(ModelOptions.DEFAULT_MODEL),
                        overrides,
                        config.get(ModelOptions.SOURCE_DEFAULT_MODELS));
        ValidationLimits limits =
                ValidationLimits.builder()
                        .maxRecordBytes(config.get(LimitOptions.MAX_RECORD_BYTES))
                        .maxImageBytes(config.get(LimitOptions.MAX_IMAGE_BYTES))
                        .build();
        EventTimeGuard guard =
                new EventTimeGuard(
                        config.get(SourceOptions.EVENT_TIME_MAX_FUTURE),
                        config.get(SourceOptions.EVENT_TIME_MAX_AGE));
        return PipelineSettings.builder(models)
                .limits(limits)
                .maxBatchSize(config.get(ScoringOptions.BATCH_SIZE))
                .maxBatchDelay(config.get(ScoringOptions.BATCH_DELAY))
                .classDistances(config.get(ScoringOptions.CLASS_DISTANCES))
                .windowSize(config.get(WindowOptions.WINDOW_SIZE))
                .expectedOodRate(config.get(WindowOptions.EXPECTED_OOD_RATE))
                .falseAlarmProbability(config.get(WindowOptions.FALSE_ALARM_PROBABILITY))
                .maxOodRate(config.getOptional(WindowOptions.MAX_OOD_RATE).orElse(null))
                .outOfOrderness(config.get(SourceOptions.OUT_OF_ORDERNESS))
                .idleness(config.get(SourceOptions.IDLENESS))
                .fixedShapeBatches(config.get(ScoringOptions.FIXED_SHAPE_BATCHES))
                .eventTimeGuard(guard)
                .maxWindowKeys(config.get(WindowOptions.MAX_WINDOW_KEYS))
                .inferenceThreads(config.get(ScoringOptions.INFERENCE_THREADS))
                .maxOutputBytes(config.get(LimitOptions.MAX_OUTPUT_BYTES))
                .shiftWindowAlpha(config.get(ShiftOptions.SHIFT_WINDOW_ALPHA))
                .shiftExpectedRunEvents(config.get(ShiftOptions.SHIFT_EXPECTED_RUN_EVENTS))
                .shiftRateRatio(config.get(ShiftOptions.SHIFT_RATE_RATIO))
                .overlapInference(config.get(ScoringOptions.INFERENCE_OVERLAP))
                .control(ControlLimits.from(config))
                .build();
    }

    /**
     * What a command calls before it starts anything: the settings of {@code config}, with every
     * model they name loaded and verified, so that a bad option or a missing, tampered or
     * uncalibrated model is a one-line error and not a task failing in {@code open()}.
     *
     * @throws IllegalArgumentException naming the bad option or model
     */
    public static PipelineSettings validate(ReadableConfig config) {
        PipelineSettings settings = from(config);
        settings.models().verify();
        return settings;
    }

    /** Defaults for everything but the models. */
    public static PipelineSettings defaults(ModelSpecs models) {
        return builder(models).build();
    }

    /** A builder with the defaults, for {@code models}. */
    public static PipelineSettingsBuilder builder(ModelSpecs models) {
        return new PipelineSettingsBuilder(models);
    }

    /** A builder holding these settings, to change some of them. */
    public PipelineSettingsBuilder toBuilder() {
        return new PipelineSettingsBuilder(this);
    }

    /** The scoring operator's part of these settings. */
    public ScoringSettings scoring() {
        return new ScoringSettings(
                models,
                maxBatchSize,
                maxBatchDelay,
                classDistances,
                fixedShapeBatches,
                clock,
                inferenceThreads,
                maxOutputBytes,
                overlapInference);
    }

    /** The check of control commands under these settings. */
    public CommandCheck commandCheck() {
        return new CommandCheck(models, control);
    }

    /** The windowing operators' part of these settings. */
    public WindowSettings windows() {
        return new WindowSettings(
                windowSize,
                expectedOodRate,
                falseAlarmProbability,
                maxOodRate,
                maxWindowKeys,
                new ShiftSettings(
                        shiftWindowAlpha,
                        shiftExpectedRunEvents,
                        shiftRateRatio,
                        ShiftReferences.of(models)));
    }

    /** The parser of image (or else feature) records under these settings. */
    public EventParser parser(boolean images) {
        return new EventParser(images, limits, eventTimeGuard, clock);
    }

    /** The watermarks of the job's inputs under these settings. */
    public WatermarkStrategy<ParsedRecord> watermarks() {
        return EventTimeWatermarks.strategy(outOfOrderness, idleness);
    }

    /** These settings with another window size. */
    public PipelineSettings withWindowSize(Duration size) {
        return toBuilder().windowSize(size).build();
    }

    /**
     * These settings for a replay: fixed-shape batches and record timestamps as processing times,
     * so that replaying the same records gives the same bytes.
     */
    public PipelineSettings forReplay() {
        return toBuilder().fixedShapeBatches(true).clock(ProcessingClock.RECORD_TIMESTAMP).build();
    }
}
