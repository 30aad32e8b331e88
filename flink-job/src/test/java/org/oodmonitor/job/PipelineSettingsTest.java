package org.oodmonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.oodmonitor.job.config.ControlOptions;
import org.oodmonitor.job.config.LimitOptions;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.ScoringOptions;
import org.oodmonitor.job.config.ShiftOptions;
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.job.operators.ShiftReferences;
import org.oodmonitor.job.operators.ShiftSettings;
import org.oodmonitor.job.operators.WindowSettings;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.source.ProcessingClock;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * One set of defaults, those of the options; each part of the settings checks itself and names
 * every bad option by its key; a replay changes only what makes it repeatable.
 */
class PipelineSettingsTest {

    private static final ModelSpecs MODELS = ModelSpecs.single("m", Path.of("models/m"));

    @Test
    void anEmptyConfigurationGivesEveryOptionsDefault() {
        PipelineSettings s = PipelineSettings.from(new Configuration());
        var scoring = s.scoring();
        assertThat(scoring.maxBatchSize()).isEqualTo(ScoringOptions.BATCH_SIZE.defaultValue());
        assertThat(scoring.maxBatchDelay()).isEqualTo(ScoringOptions.BATCH_DELAY.defaultValue());
        assertThat(scoring.classDistances())
                .isEqualTo(ScoringOptions.CLASS_DISTANCES.defaultValue());
        assertThat(scoring.fixedShapeBatches())
                .isEqualTo(ScoringOptions.FIXED_SHAPE_BATCHES.defaultValue());
        assertThat(scoring.inferenceThreads())
                .isEqualTo(ScoringOptions.INFERENCE_THREADS.defaultValue());
        assertThat(scoring.overlapInference())
                .isEqualTo(ScoringOptions.INFERENCE_OVERLAP.defaultValue());
        assertThat(scoring.maxOutputBytes())
                .isEqualTo(LimitOptions.MAX_OUTPUT_BYTES.defaultValue());
        var windows = s.windows();
        assertThat(windows.size()).isEqualTo(WindowOptions.WINDOW_SIZE.defaultValue());
        assertThat(windows.expectedOodRate())
                .isEqualTo(WindowOptions.EXPECTED_OOD_RATE.defaultValue());
        assertThat(windows.falseAlarmProbability())
                .isEqualTo(WindowOptions.FALSE_ALARM_PROBABILITY.defaultValue());
        assertThat(windows.maxOodRate()).isNull();
        assertThat(WindowOptions.MAX_OOD_RATE.hasDefaultValue()).isFalse();
        assertThat(windows.maxKeys()).isEqualTo(WindowOptions.MAX_WINDOW_KEYS.defaultValue());
        assertThat(windows.shift().windowAlpha())
                .isEqualTo(ShiftOptions.SHIFT_WINDOW_ALPHA.defaultValue());
        assertThat(windows.shift().expectedRunEvents())
                .isEqualTo(ShiftOptions.SHIFT_EXPECTED_RUN_EVENTS.defaultValue());
        assertThat(windows.shift().rateRatio())
                .isEqualTo(ShiftOptions.SHIFT_RATE_RATIO.defaultValue());
        var source = s.source();
        assertThat(source.outOfOrderness())
                .isEqualTo(SourceOptions.OUT_OF_ORDERNESS.defaultValue());
        assertThat(source.idleness()).isEqualTo(SourceOptions.IDLENESS.defaultValue());
        assertThat(source.eventTimeGuard().maxFuture())
                .isEqualTo(SourceOptions.EVENT_TIME_MAX_FUTURE.defaultValue());
        assertThat(source.eventTimeGuard().maxAge())
                .isEqualTo(SourceOptions.EVENT_TIME_MAX_AGE.defaultValue());
        assertThat(source.limits())
                .usingRecursiveComparison()
                .isEqualTo(ValidationLimits.defaults());
        assertThat(s.control().maxLag()).isEqualTo(ControlOptions.CONTROL_MAX_LAG.defaultValue());
        assertThat(s.clock()).isEqualTo(ProcessingClock.WALL_CLOCK);
        assertThat(PipelineSettings.defaults(s.models())).usingRecursiveComparison().isEqualTo(s);
    }

    @Test
    void theDocumentedDefaults() {
        PipelineSettings d = PipelineSettings.defaults(MODELS);
        assertThat(d.scoring().maxBatchSize()).isEqualTo(64);
        assertThat(d.scoring().maxBatchDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(d.scoring().fixedShapeBatches()).isTrue();
        assertThat(d.scoring().inferenceThreads()).isEqualTo(1);
        assertThat(d.windows().size()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.windows().expectedOodRate()).isEqualTo(0.05);
        assertThat(d.windows().falseAlarmProbability()).isEqualTo(0.001);
        assertThat(d.windows().maxKeys()).isEqualTo(10_000);
    }

    @Test
    void aReplayChangesOnlyTheBatchShapeAndTheClock() {
        Configuration config = new Configuration();
        config.set(ScoringOptions.BATCH_SIZE, 16);
        config.set(ScoringOptions.FIXED_SHAPE_BATCHES, false);
        PipelineSettings base = PipelineSettings.from(config, MODELS);

        PipelineSettings replay = base.forReplay();

        assertThat(replay.scoring().fixedShapeBatches()).isTrue();
        assertThat(replay.clock()).isEqualTo(ProcessingClock.RECORD_TIMESTAMP);
        assertThat(replay.scoring().maxBatchSize()).isEqualTo(16);
        assertThat(replay.models()).isSameAs(MODELS);
        assertThat(replay.windows()).isSameAs(base.windows());
        assertThat(replay.source()).isSameAs(base.source());
    }

    @Test
    void everyBadOptionOfEveryPartIsNamedByItsKeyAtOnce() {
        Configuration config = new Configuration();
        config.set(ScoringOptions.BATCH_SIZE, 0);
        config.set(ScoringOptions.BATCH_DELAY, Duration.ofMillis(-1));
        config.set(WindowOptions.EXPECTED_OOD_RATE, 1.5);
        config.set(WindowOptions.MAX_WINDOW_KEYS, 0);
        config.set(SourceOptions.IDLENESS, Duration.ofSeconds(-2));
        assertThatThrownBy(() -> PipelineSettings.from(config, MODELS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "ood.watermark.idleness must be >= 0, was PT-2S; ood.batch.max-size must be"
                                + " >= 1, was 0; ood.batch.max-delay must be >= 0, was PT-0.001S;"
                                + " ood.window.expected-ood-rate must be in (0, 1), was 1.5;"
                                + " ood.window.max-keys must be >= 1, was 0");
    }

    @Test
    void aThresholdOverrideThatIsNotANumberIsNamed() {
        Configuration config = new Configuration();
        config.setString(ModelOptions.THRESHOLD_OVERRIDES.key(), "fashion-mnist-isomax:low");
        assertThatThrownBy(() -> PipelineSettings.from(config))
                .hasMessage(
                        ModelOptions.THRESHOLD_OVERRIDES.key()
                                + ": 'low' for fashion-mnist-isomax is not a number");
    }

    @Test
    void theOperatorsPartsCarryTheSettingsGiven() {
        Configuration config = new Configuration();
        config.set(ScoringOptions.BATCH_SIZE, 8);
        config.set(ScoringOptions.BATCH_DELAY, Duration.ofMillis(30));
        config.set(ScoringOptions.INFERENCE_OVERLAP, false);
        config.set(WindowOptions.WINDOW_SIZE, Duration.ofSeconds(7));
        config.set(WindowOptions.MAX_OOD_RATE, 0.4);
        config.set(WindowOptions.MAX_WINDOW_KEYS, 3);
        config.set(ShiftOptions.SHIFT_WINDOW_ALPHA, 0.01);
        config.set(ShiftOptions.SHIFT_EXPECTED_RUN_EVENTS, 5_000L);
        config.set(ShiftOptions.SHIFT_RATE_RATIO, 2.0);
        PipelineSettings s = PipelineSettings.from(config);
        assertThat(s.scoring().maxBatchSize()).isEqualTo(8);
        assertThat(s.scoring().maxBatchDelay()).isEqualTo(Duration.ofMillis(30));
        assertThat(s.scoring().overlapInference()).isFalse();
        assertThat(s.windows())
                .isEqualTo(
                        new WindowSettings(
                                Duration.ofSeconds(7),
                                0.05,
                                0.001,
                                0.4,
                                3,
                                new ShiftSettings(
                                        0.01, 5_000, 2.0, ShiftReferences.of(s.models()))));
    }
}
