package org.oodmonitor.job;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.MultipleParameterTool;
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

    /**
     * The job options {@code args} name, read as {@link JobConfig#load} reads them; Flink's {@link
     * MultipleParameterTool} splits the arguments.
     */
    static Configuration configuration(String[] args) throws java.io.IOException {
        MultipleParameterTool params;
        try {
            params = MultipleParameterTool.fromArgs(args);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "; " + USAGE, e);
        }
        for (String key : params.toMultiMap().keySet()) {
            if (!key.equals("config") && !key.equals("set")) {
                throw new IllegalArgumentException("unknown argument '--" + key + "'; " + USAGE);
            }
            if (params.getMultiParameter(key).contains(NO_VALUE)) {
                throw new IllegalArgumentException("--" + key + " needs a value; " + USAGE);
            }
        }
        Collection<String> files =
                params.has("config") ? params.getMultiParameter("config") : List.of();
        if (files.size() > 1) {
            throw new IllegalArgumentException("--config given twice; " + USAGE);
        }
        List<String> overrides =
                params.has("set") ? new ArrayList<>(params.getMultiParameter("set")) : List.of();
        Path file = files.isEmpty() ? null : Path.of(files.iterator().next());
        return JobConfig.load(file, JobConfig.entries(overrides));
    }

    /** What {@link MultipleParameterTool} gives a key without a value. */
    private static final String NO_VALUE = "__NO_VALUE_KEY";
}
