package org.oodmonitor.cli.model;

import java.io.IOException;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.oodmonitor.cli.JobOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of every {@code model} command that writes a command: the monitor's options, the
 * model it changes and when the change applies.
 */
public final class ControlOptions {

    /** How far ahead of now a change applies when no time is given. */
    static final Duration DEFAULT_LEAD = Duration.ofSeconds(30);

    @Mixin private JobOptions job;

    @Option(
            names = "--name",
            required = true,
            paramLabel = "MODEL",
            description = "The serving name, a key of ood.model.dirs.")
    private String name;

    @Option(
            names = "--effective-from",
            paramLabel = "TIME",
            description =
                    "Event time from which the change applies: ISO-8601 with a zone or epoch"
                            + " milliseconds (default: 30 s from now). Events before it keep the"
                            + " versions they had; give the job time to load the version first.")
    private String effectiveFrom;

    @Option(
            names = "--id",
            paramLabel = "ID",
            description = "The command's id (default: ACTION-MODEL-VERSION-MILLIS).")
    private String id;

    /**
     * The monitor's options.
     *
     * @throws IOException when the file cannot be read
     */
    Configuration config() throws IOException {
        return job.config();
    }

    /** The effective event time, {@code now} plus the default lead when none was given. */
    long effectiveFrom(long now) {
        return effectiveFrom(now, DEFAULT_LEAD.toMillis());
    }

    /** The effective event time, {@code now} plus {@code leadMillis} when none was given. */
    long effectiveFrom(long now, long leadMillis) {
        if (effectiveFrom == null) {
            return now + leadMillis;
        }
        return org.oodmonitor.cli.job.ReplayCommand.time(effectiveFrom, "--effective-from");
    }

    /** The serving name of the model the command changes. */
    String name() {
        return name;
    }

    /** The command id, or the default one. */
    String id(String action, String version, long now) {
        return id != null ? id : action + "-" + name + "-" + version + "-" + now;
    }
}
