package org.oodmonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.oodmonitor.job.config.LimitOptions;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.MonitorOptions;
import org.oodmonitor.job.config.ScoringOptions;
import org.oodmonitor.job.config.ShiftOptions;
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.job.source.ProcessingClock;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * One set of defaults: the settings of an empty configuration, and those a builder starts from, are
 * the defaults of {@link MonitorOptions}. Seen to fail with the builder's old literal window size
 * changed (its defaults were written out a second time before).
 */
class PipelineSettingsDefaultsTest {

    @Test
    void anEmptyConfigurationGivesEveryOptionsDefault() {
        PipelineSettings s = PipelineSettings.from(new Configuration());
        assertThat(s.maxBatchSize()).isEqualTo(ScoringOptions.BATCH_SIZE.defaultValue());
        assertThat(s.maxBatchDelay()).isEqualTo(ScoringOptions.BATCH_DELAY.defaultValue());
        assertThat(s.classDistances()).isEqualTo(ScoringOptions.CLASS_DISTANCES.defaultValue());
        assertThat(s.windowSize()).isEqualTo(WindowOptions.WINDOW_SIZE.defaultValue());
        assertThat(s.expectedOodRate()).isEqualTo(WindowOptions.EXPECTED_OOD_RATE.defaultValue());
        assertThat(s.falseAlarmProbability())
                .isEqualTo(WindowOptions.FALSE_ALARM_PROBABILITY.defaultValue());
        assertThat(s.maxOodRate()).isNull();
        assertThat(WindowOptions.MAX_OOD_RATE.hasDefaultValue()).isFalse();
        assertThat(s.outOfOrderness()).isEqualTo(SourceOptions.OUT_OF_ORDERNESS.defaultValue());
        assertThat(s.idleness()).isEqualTo(SourceOptions.IDLENESS.defaultValue());
        assertThat(s.fixedShapeBatches())
                .isEqualTo(ScoringOptions.FIXED_SHAPE_BATCHES.defaultValue());
        assertThat(s.eventTimeGuard().maxFuture())
                .isEqualTo(SourceOptions.EVENT_TIME_MAX_FUTURE.defaultValue());
        assertThat(s.eventTimeGuard().maxAge())
                .isEqualTo(SourceOptions.EVENT_TIME_MAX_AGE.defaultValue());
        assertThat(s.maxWindowKeys()).isEqualTo(WindowOptions.MAX_WINDOW_KEYS.defaultValue());
        assertThat(s.inferenceThreads()).isEqualTo(ScoringOptions.INFERENCE_THREADS.defaultValue());
        assertThat(s.maxOutputBytes()).isEqualTo(LimitOptions.MAX_OUTPUT_BYTES.defaultValue());
        assertThat(s.shiftWindowAlpha()).isEqualTo(ShiftOptions.SHIFT_WINDOW_ALPHA.defaultValue());
        assertThat(s.shiftExpectedRunEvents())
                .isEqualTo(ShiftOptions.SHIFT_EXPECTED_RUN_EVENTS.defaultValue());
        assertThat(s.shiftRateRatio()).isEqualTo(ShiftOptions.SHIFT_RATE_RATIO.defaultValue());
        assertThat(s.limits().maxRecordBytes())
                .isEqualTo(LimitOptions.MAX_RECORD_BYTES.defaultValue());
        assertThat(s.limits().maxImageBytes())
                .isEqualTo(LimitOptions.MAX_IMAGE_BYTES.defaultValue());
        assertThat(s.clock()).isEqualTo(ProcessingClock.WALL_CLOCK);
    }

    @Test
    void aBuilderStartsFromTheSameDefaults() {
        PipelineSettings fromOptions = PipelineSettings.from(new Configuration());
        assertThat(PipelineSettings.defaults(fromOptions.models()))
                .usingRecursiveComparison()
                .isEqualTo(fromOptions);
        assertThat(fromOptions.limits())
                .usingRecursiveComparison()
                .isEqualTo(ValidationLimits.defaults());
    }

    @Test
    void anOptionOutOfRangeIsNamedByItsKey() {
        Configuration config = new Configuration();
        config.set(WindowOptions.WINDOW_SIZE, Duration.ZERO);
        config.set(WindowOptions.MAX_WINDOW_KEYS, 0);
        config.setString(ModelOptions.THRESHOLD_OVERRIDES.key(), "fashion-mnist-isomax:low");
        assertThatThrownBy(() -> PipelineSettings.from(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        ModelOptions.THRESHOLD_OVERRIDES.key()
                                + ": 'low' for fashion-mnist-isomax is not a number");
        config.removeConfig(ModelOptions.THRESHOLD_OVERRIDES);
        assertThatThrownBy(() -> PipelineSettings.from(config))
                .hasMessage(
                        WindowOptions.WINDOW_SIZE.key()
                                + " must be positive, was PT0S; "
                                + WindowOptions.MAX_WINDOW_KEYS.key()
                                + " must be >= 1, was 0");
    }

    @Test
    void theOperatorsPartsCarryTheSettingsGiven() {
        Configuration config = new Configuration();
        config.set(ScoringOptions.BATCH_SIZE, 8);
        config.set(ScoringOptions.BATCH_DELAY, Duration.ofMillis(30));
        config.set(WindowOptions.WINDOW_SIZE, Duration.ofSeconds(7));
        config.set(WindowOptions.MAX_OOD_RATE, 0.4);
        config.set(WindowOptions.MAX_WINDOW_KEYS, 3);
        config.set(ShiftOptions.SHIFT_WINDOW_ALPHA, 0.01);
        config.set(ShiftOptions.SHIFT_EXPECTED_RUN_EVENTS, 5_000L);
        config.set(ShiftOptions.SHIFT_RATE_RATIO, 2.0);
        config.set(ScoringOptions.INFERENCE_OVERLAP, false);
        PipelineSettings s = PipelineSettings.from(config);
        assertThat(s.scoring())
                .isEqualTo(
                        new org.oodmonitor.job.operators.ScoringSettings(
                                s.models(),
                                8,
                                Duration.ofMillis(30),
                                false,
                                true,
                                ProcessingClock.WALL_CLOCK,
                                1,
                                LimitOptions.MAX_OUTPUT_BYTES.defaultValue(),
                                false));
        assertThat(PipelineSettings.from(new Configuration()).scoring().overlapInference())
                .as("on by default")
                .isTrue();
        assertThat(s.windows())
                .isEqualTo(
                        new org.oodmonitor.job.operators.WindowSettings(
                                Duration.ofSeconds(7),
                                0.05,
                                0.001,
                                0.4,
                                3,
                                new org.oodmonitor.job.operators.ShiftSettings(
                                        0.01,
                                        5_000,
                                        2.0,
                                        org.oodmonitor.job.operators.ShiftReferences.of(
                                                s.models()))));
    }
}
