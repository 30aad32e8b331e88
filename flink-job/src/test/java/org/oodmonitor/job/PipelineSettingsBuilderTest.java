package org.oodmonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.oodmonitor.job.config.ScoringOptions;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.source.ProcessingClock;

/** The settings builder: defaults, changes of single settings, and every problem in one message. */
class PipelineSettingsBuilderTest {

    private static final ModelSpecs MODELS = ModelSpecs.single("m", Path.of("models/m"));

    @Test
    void defaultsAreTheDocumentedOnes() {
        PipelineSettings d = PipelineSettings.defaults(MODELS);
        assertThat(d.maxBatchSize()).isEqualTo(64);
        assertThat(d.maxBatchDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(d.windowSize()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.expectedOodRate()).isEqualTo(0.05);
        assertThat(d.falseAlarmProbability()).isEqualTo(0.001);
        assertThat(d.maxOodRate()).isNull();
        assertThat(d.fixedShapeBatches()).isTrue();
        assertThat(d.clock()).isEqualTo(ProcessingClock.WALL_CLOCK);
        assertThat(d.maxWindowKeys()).isEqualTo(10_000);
        assertThat(d.inferenceThreads())
                .isEqualTo(ScoringOptions.INFERENCE_THREADS.defaultValue())
                .isEqualTo(1);
    }

    @Test
    void withMethodsChangeOnlyTheirSettings() {
        PipelineSettings base =
                PipelineSettings.builder(MODELS).maxBatchSize(16).fixedShapeBatches(false).build();
        PipelineSettings wider = base.withWindowSize(Duration.ofMinutes(1));
        assertThat(wider.windowSize()).isEqualTo(Duration.ofMinutes(1));
        assertThat(wider.toBuilder().windowSize(base.windowSize()).build()).isEqualTo(base);

        PipelineSettings replay = base.forReplay();
        assertThat(replay.fixedShapeBatches()).isTrue();
        assertThat(replay.clock()).isEqualTo(ProcessingClock.RECORD_TIMESTAMP);
        assertThat(replay.maxBatchSize()).isEqualTo(16);
        assertThat(replay.models()).isSameAs(MODELS);
    }

    @Test
    void buildNamesEveryBadSettingByItsOption() {
        assertThatThrownBy(
                        () ->
                                PipelineSettings.builder(MODELS)
                                        .maxBatchSize(0)
                                        .expectedOodRate(1.5)
                                        .maxBatchDelay(Duration.ofMillis(-1))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "ood.batch.max-size must be >= 1, was 0; ood.batch.max-delay must be >= 0,"
                                + " was PT-0.001S; ood.window.expected-ood-rate must be in (0,"
                                + " 1), was 1.5");
    }
}
