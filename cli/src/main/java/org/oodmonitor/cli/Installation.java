package org.oodmonitor.cli;

import java.nio.file.Path;
import org.oodmonitor.job.config.JobConfig;

/**
 * Where the project's own files (models, samples, the job jar) lie: the directory {@code
 * bin/ood-monitor} names in {@code OOD_HOME}, else the working directory, so that every command
 * finds them from any working directory.
 */
public final class Installation {

    private Installation() {}

    /** The installation directory of this process. */
    public static Path home() {
        return home(System.getenv(JobConfig.HOME_ENV));
    }

    /** The installation directory that {@code value} (an {@code OOD_HOME}, or null) names. */
    static Path home(String value) {
        return value == null || value.isBlank() ? Path.of(".") : Path.of(value);
    }

    /** {@code relative} (for example {@code models/fashion-mnist-isomax}) in the installation. */
    public static Path file(String relative) {
        return home().resolve(relative);
    }
}
