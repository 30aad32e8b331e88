package org.oodmonitor.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.oodmonitor.job.config.LimitOptions;
import org.oodmonitor.job.config.MonitorOptions;
import org.oodmonitor.job.config.ScoringOptions;
import org.oodmonitor.job.config.ShiftOptions;
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.job.control.ControlLimits;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.source.EventTimeGuard;
import org.oodmonitor.job.source.ProcessingClock;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * Builds {@link PipelineSettings}: starts from the defaults of {@link MonitorOptions} (or from
 * given settings), changes only what is set, and checks everything in {@link #build()}, naming each
 * setting by its option's key.
 */
@PublicEvolving
public final class PipelineSettingsBuilder {

    private final ModelSpecs models;
    private ValidationLimits limits = ValidationLimits.defaults();
    private int maxBatchSize = ScoringOptions.BATCH_SIZE.defaultValue();
    private Duration maxBatchDelay = ScoringOptions.BATCH_DELAY.defaultValue();
    private boolean classDistances = ScoringOptions.CLASS_DISTANCES.defaultValue();
    private Duration windowSize = WindowOptions.WINDOW_SIZE.defaultValue();
    private double expectedOodRate = WindowOptions.EXPECTED_OOD_RATE.defaultValue();
    private double falseAlarmProbability = WindowOptions.FALSE_ALARM_PROBABILITY.defaultValue();
    private Double maxOodRate;
    private Duration outOfOrderness = SourceOptions.OUT_OF_ORDERNESS.defaultValue();
    private Duration idleness = SourceOptions.IDLENESS.defaultValue();
    private boolean fixedShapeBatches = ScoringOptions.FIXED_SHAPE_BATCHES.defaultValue();
    private ProcessingClock clock = ProcessingClock.WALL_CLOCK;
    private EventTimeGuard eventTimeGuard =
            new EventTimeGuard(
                    SourceOptions.EVENT_TIME_MAX_FUTURE.defaultValue(),
                    SourceOptions.EVENT_TIME_MAX_AGE.defaultValue());
    private int maxWindowKeys = WindowOptions.MAX_WINDOW_KEYS.defaultValue();
    private int inferenceThreads = ScoringOptions.INFERENCE_THREADS.defaultValue();
    private boolean overlapInference = ScoringOptions.INFERENCE_OVERLAP.defaultValue();
    private int maxOutputBytes = LimitOptions.MAX_OUTPUT_BYTES.defaultValue();
    private double shiftWindowAlpha = ShiftOptions.SHIFT_WINDOW_ALPHA.defaultValue();
    private long shiftExpectedRunEvents = ShiftOptions.SHIFT_EXPECTED_RUN_EVENTS.defaultValue();
    private double shiftRateRatio = ShiftOptions.SHIFT_RATE_RATIO.defaultValue();
    private ControlLimits control = ControlLimits.defaults();

    PipelineSettingsBuilder(ModelSpecs models) {
        this.models = Objects.requireNonNull(models, "models");
    }

    PipelineSettingsBuilder(PipelineSettings s) {
        this(s.models());
        limits = s.limits();
        maxBatchSize = s.maxBatchSize();
        maxBatchDelay = s.maxBatchDelay();
        classDistances = s.classDistances();
        windowSize = s.windowSize();
        expectedOodRate = s.expectedOodRate();
        falseAlarmProbability = s.falseAlarmProbability();
        maxOodRate = s.maxOodRate();
        outOfOrderness = s.outOfOrderness();
        idleness = s.idleness();
        fixedShapeBatches = s.fixedShapeBatches();
        clock = s.clock();
        eventTimeGuard = s.eventTimeGuard();
        maxWindowKeys = s.maxWindowKeys();
        inferenceThreads = s.inferenceThreads();
        overlapInference = s.overlapInference();
        maxOutputBytes = s.maxOutputBytes();
        shiftWindowAlpha = s.shiftWindowAlpha();
        shiftExpectedRunEvents = s.shiftExpectedRunEvents();
        shiftRateRatio = s.shiftRateRatio();
        control = s.control();
    }

    /** The false-flag budget of one window's shift tests together. */
    public PipelineSettingsBuilder shiftWindowAlpha(double alpha) {
        this.shiftWindowAlpha = alpha;
        return this;
    }

    /** Mean in-distribution events between false shift alerts, at least. */
    public PipelineSettingsBuilder shiftExpectedRunEvents(long events) {
        this.shiftExpectedRunEvents = events;
        return this;
    }

    /** The raised OOD rate the sequential detector is tuned to, as a multiple of the expected. */
    public PipelineSettingsBuilder shiftRateRatio(double ratio) {
        this.shiftRateRatio = ratio;
        return this;
    }

    public PipelineSettingsBuilder limits(ValidationLimits limits) {
        this.limits = limits;
        return this;
    }

    public PipelineSettingsBuilder maxBatchSize(int maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
        return this;
    }

    public PipelineSettingsBuilder maxBatchDelay(Duration maxBatchDelay) {
        this.maxBatchDelay = maxBatchDelay;
        return this;
    }

    public PipelineSettingsBuilder classDistances(boolean classDistances) {
        this.classDistances = classDistances;
        return this;
    }

    public PipelineSettingsBuilder windowSize(Duration windowSize) {
        this.windowSize = windowSize;
        return this;
    }

    public PipelineSettingsBuilder expectedOodRate(double expectedOodRate) {
        this.expectedOodRate = expectedOodRate;
        return this;
    }

    public PipelineSettingsBuilder falseAlarmProbability(double falseAlarmProbability) {
        this.falseAlarmProbability = falseAlarmProbability;
        return this;
    }

    /** A fixed OOD rate above which a window is flagged too; null for none. */
    public PipelineSettingsBuilder maxOodRate(Double maxOodRate) {
        this.maxOodRate = maxOodRate;
        return this;
    }

    public PipelineSettingsBuilder outOfOrderness(Duration outOfOrderness) {
        this.outOfOrderness = outOfOrderness;
        return this;
    }

    public PipelineSettingsBuilder idleness(Duration idleness) {
        this.idleness = idleness;
        return this;
    }

    public PipelineSettingsBuilder fixedShapeBatches(boolean fixedShapeBatches) {
        this.fixedShapeBatches = fixedShapeBatches;
        return this;
    }

    public PipelineSettingsBuilder clock(ProcessingClock clock) {
        this.clock = clock;
        return this;
    }

    public PipelineSettingsBuilder eventTimeGuard(EventTimeGuard eventTimeGuard) {
        this.eventTimeGuard = eventTimeGuard;
        return this;
    }

    public PipelineSettingsBuilder maxWindowKeys(int maxWindowKeys) {
        this.maxWindowKeys = maxWindowKeys;
        return this;
    }

    /**
     * PyTorch intra-op threads of each scoring subtask (default 1), or 0 for cores divided by the
     * parallelism.
     */
    public PipelineSettingsBuilder inferenceThreads(int inferenceThreads) {
        this.inferenceThreads = inferenceThreads;
        return this;
    }

    /**
     * @throws IllegalArgumentException naming every setting out of range, with its option key
     */
    public PipelineSettings build() {
        List<String> problems = new ArrayList<>();
        check(
                problems,
                maxBatchSize >= 1,
                key(ScoringOptions.BATCH_SIZE) + " must be >= 1, was " + maxBatchSize);
        check(
                problems,
                maxBatchDelay != null && !maxBatchDelay.isNegative(),
                key(ScoringOptions.BATCH_DELAY) + " must be >= 0, was " + maxBatchDelay);
        check(
                problems,
                windowSize != null && windowSize.toMillis() > 0,
                key(WindowOptions.WINDOW_SIZE) + " must be positive, was " + windowSize);
        check(
                problems,
                expectedOodRate > 0 && expectedOodRate < 1,
                key(WindowOptions.EXPECTED_OOD_RATE)
                        + " must be in (0, 1), was "
                        + expectedOodRate);
        check(
                problems,
                falseAlarmProbability > 0 && falseAlarmProbability < 1,
                key(WindowOptions.FALSE_ALARM_PROBABILITY)
                        + " must be in (0, 1), was "
                        + falseAlarmProbability);
        check(
                problems,
                maxOodRate == null || (maxOodRate > 0 && maxOodRate <= 1),
                key(WindowOptions.MAX_OOD_RATE) + " must be in (0, 1], was " + maxOodRate);
        check(
                problems,
                outOfOrderness != null && !outOfOrderness.isNegative(),
                key(SourceOptions.OUT_OF_ORDERNESS) + " must be >= 0, was " + outOfOrderness);
        check(
                problems,
                idleness != null && !idleness.isNegative(),
                key(SourceOptions.IDLENESS) + " must be >= 0, was " + idleness);
        check(
                problems,
                maxWindowKeys >= 1,
                key(WindowOptions.MAX_WINDOW_KEYS) + " must be >= 1, was " + maxWindowKeys);
        check(
                problems,
                inferenceThreads >= 0,
                key(ScoringOptions.INFERENCE_THREADS) + " must be >= 0, was " + inferenceThreads);
        check(
                problems,
                maxOutputBytes >= 4096,
                key(LimitOptions.MAX_OUTPUT_BYTES) + " must be >= 4096, was " + maxOutputBytes);
        check(
                problems,
                shiftWindowAlpha > 0 && shiftWindowAlpha < 1,
                key(ShiftOptions.SHIFT_WINDOW_ALPHA)
                        + " must be in (0, 1), was "
                        + shiftWindowAlpha);
        check(
                problems,
                shiftExpectedRunEvents >= 2,
                key(ShiftOptions.SHIFT_EXPECTED_RUN_EVENTS)
                        + " must be >= 2, was "
                        + shiftExpectedRunEvents);
        check(
                problems,
                shiftRateRatio > 1,
                key(ShiftOptions.SHIFT_RATE_RATIO) + " must be > 1, was " + shiftRateRatio);
        check(problems, limits != null, "limits must be set");
        check(problems, clock != null, "clock must be set");
        check(problems, eventTimeGuard != null, "eventTimeGuard must be set");
        check(problems, control != null, "control must be set");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new PipelineSettings(
                models,
                limits,
                maxBatchSize,
                maxBatchDelay,
                classDistances,
                windowSize,
                expectedOodRate,
                falseAlarmProbability,
                maxOodRate,
                outOfOrderness,
                idleness,
                fixedShapeBatches,
                clock,
                eventTimeGuard,
                maxWindowKeys,
                inferenceThreads,
                maxOutputBytes,
                shiftWindowAlpha,
                shiftExpectedRunEvents,
                shiftRateRatio,
                overlapInference,
                control);
    }

    /** The bounds of control commands. */
    public PipelineSettingsBuilder control(ControlLimits control) {
        this.control = control;
        return this;
    }

    /** Whether forward passes run on an inference thread beside the task thread. */
    public PipelineSettingsBuilder overlapInference(boolean overlapInference) {
        this.overlapInference = overlapInference;
        return this;
    }

    /** The largest score record written; a larger one becomes a dead letter. */
    public PipelineSettingsBuilder maxOutputBytes(int maxOutputBytes) {
        this.maxOutputBytes = maxOutputBytes;
        return this;
    }

    private static String key(ConfigOption<?> option) {
        return option.key();
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }
}
