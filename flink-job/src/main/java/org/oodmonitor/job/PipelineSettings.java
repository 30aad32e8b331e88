package org.oodmonitor.job;

import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.oodmonitor.job.config.SettingsProblems;
import org.oodmonitor.job.control.CommandCheck;
import org.oodmonitor.job.control.ControlLimits;
import org.oodmonitor.job.labels.LabelSettings;
import org.oodmonitor.job.operators.ScoringSettings;
import org.oodmonitor.job.operators.WindowSettings;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.source.EventParser;
import org.oodmonitor.job.source.ParsedRecord;
import org.oodmonitor.job.source.ProcessingClock;
import org.oodmonitor.job.source.SourceSettings;

/**
 * Everything the operators of the pipeline need, in parts that each check themselves once, naming
 * every option out of range by its key; each operator gets its part whole.
 *
 * @param source the sources' part: input limits, watermarks, accepted event times
 * @param scoring the scoring operator's part, with the served models and the clock
 * @param windows the windowing operators' part, with the shift detection
 * @param control the bounds of control commands
 * @param labels how delayed labels are joined, where a labels topic is read
 */
@PublicEvolving
public record PipelineSettings(
        SourceSettings source,
        ScoringSettings scoring,
        WindowSettings windows,
        ControlLimits control,
        LabelSettings labels)
        implements Serializable {

    public PipelineSettings {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(scoring, "scoring");
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(labels, "labels");
    }

    /**
     * The operators' settings from the job options: the one place where options become settings,
     * every default that of its option.
     *
     * @throws IllegalArgumentException naming each option out of range or inconsistent, by key
     */
    public static PipelineSettings from(ReadableConfig config) {
        return from(config, ModelSpecs.from(config));
    }

    /**
     * As {@link #from(ReadableConfig)}, serving {@code models} whatever {@code config} says of them
     * (tests and benchmarks that serve one model directory).
     */
    public static PipelineSettings from(ReadableConfig config, ModelSpecs models) {
        SettingsProblems problems = new SettingsProblems();
        SourceSettings source = problems.attempt(() -> SourceSettings.from(config));
        ScoringSettings scoring =
                problems.attempt(
                        () -> ScoringSettings.from(config, models, ProcessingClock.WALL_CLOCK));
        WindowSettings windows = problems.attempt(() -> WindowSettings.from(config, models));
        ControlLimits control = problems.attempt(() -> ControlLimits.from(config));
        LabelSettings labels = problems.attempt(() -> LabelSettings.from(config));
        problems.throwIfAny();
        return new PipelineSettings(source, scoring, windows, control, labels);
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
        return from(new Configuration(), models);
    }

    /** The served models. */
    public ModelSpecs models() {
        return scoring.models();
    }

    /** Where processing times of scores and dead letters come from. */
    public ProcessingClock clock() {
        return scoring.clock();
    }

    /** The check of control commands under these settings. */
    public CommandCheck commandCheck() {
        return new CommandCheck(models(), control);
    }

    /** The parser of image (or else feature) records under these settings. */
    public EventParser parser(boolean images) {
        return source.parser(images, clock());
    }

    /** The watermarks of the job's inputs under these settings. */
    public WatermarkStrategy<ParsedRecord> watermarks() {
        return source.watermarks();
    }

    /**
     * These settings for a replay: fixed-shape batches and record timestamps as processing times,
     * so that replaying the same records gives the same bytes.
     */
    public PipelineSettings forReplay() {
        return new PipelineSettings(source, scoring.forReplay(), windows, control, labels);
    }
}
