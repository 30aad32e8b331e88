package org.oodmonitor.job.operators;

import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.oodmonitor.job.config.LimitOptions;
import org.oodmonitor.job.config.ScoringOptions;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.source.ProcessingClock;

/**
 * Scoring settings for operator tests, set by option as a user sets them: the options' defaults,
 * but forward passes on the task thread and room for large records, unless {@code options} say.
 */
final class TestScoring {

    private TestScoring() {}

    static ScoringSettings settings(
            ModelSpecs specs, ProcessingClock clock, Consumer<Configuration> options) {
        Configuration config = new Configuration();
        config.set(LimitOptions.MAX_OUTPUT_BYTES, 1_000_000);
        config.set(ScoringOptions.INFERENCE_OVERLAP, false);
        options.accept(config);
        return ScoringSettings.from(config, specs, clock);
    }
}
