package org.oodmonitor.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.oodmonitor.job.config.JobConfig;
import picocli.CommandLine.Option;

/**
 * The monitor job's options on a command line (a picocli mixin): a file of them and single ones
 * that override it, as {@code run}, {@code replay} and the {@code model} commands take them.
 */
public final class JobOptions {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "The monitor job's options, one 'key: value' or 'key=value' per line (see"
                            + " 'run --help').")
    private Path file;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "One job option; overrides --config; repeatable.")
    private Map<String, String> overrides = new LinkedHashMap<>();

    /** The file given with {@code --config}, or null. */
    public Path file() {
        return file;
    }

    /** The options given with {@code --set}, in order. */
    public Map<String, String> overrides() {
        return overrides;
    }

    /**
     * The options: the file's, then the overrides.
     *
     * @throws IOException when the file cannot be read
     */
    public Configuration config() throws IOException {
        return JobConfig.load(file, overrides);
    }
}
