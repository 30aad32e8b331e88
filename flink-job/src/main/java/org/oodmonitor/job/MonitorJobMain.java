package org.oodmonitor.job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;
import org.oodmonitor.job.config.JobConfig;

/**
 * The job jar's entry point, what {@code flink run}, a {@code FlinkDeployment} and {@code
 * ood-monitor run --cluster} start: {@code [--config FILE] [--set KEY=VALUE]...}. It checks the
 * models, builds the job graph and runs it; the command line's own tools live in the {@code cli}
 * module, so the jar deployed to a cluster carries no command-line library.
 */
@PublicEvolving
public final class MonitorJobMain {

    static final String USAGE = "usage: [--config FILE] [--set KEY=VALUE]...";

    private MonitorJobMain() {}

    /**
     * Runs the job. No {@code System.exit}: inside Flink's client or an application-mode JobManager
     * an exception is how a main reports failure.
     *
     * @throws IllegalArgumentException with a one-line reason for bad arguments or options
     */
    public static void main(String[] args) throws Exception {
        Configuration config = configuration(args);
        // A missing, tampered or uncalibrated model fails here, in one line, not in a task's
        // open() on every restart.
        PipelineSettings.validate(config);
        KafkaMonitorJob.execute(config);
    }

    /** The job options {@code args} name, read as {@link JobConfig#load} reads them. */
    static Configuration configuration(String[] args) throws java.io.IOException {
        Path file = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (!flag.equals("--config") && !flag.equals("--set")) {
                throw new IllegalArgumentException("unknown argument '" + flag + "'; " + USAGE);
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(flag + " needs a value; " + USAGE);
            }
            String value = args[++i];
            if (flag.equals("--set")) {
                overrides.add(value);
            } else if (file != null) {
                throw new IllegalArgumentException("--config given twice; " + USAGE);
            } else {
                file = Path.of(value);
            }
        }
        return JobConfig.load(file, JobConfig.entries(overrides));
    }
}
