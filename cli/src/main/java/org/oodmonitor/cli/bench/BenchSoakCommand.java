package org.oodmonitor.cli.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.oodmonitor.cli.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ood-monitor bench soak}: the flat-memory run of the live monitor. */
@Command(
        name = "soak",
        header = "Heap and checkpoint size of the live monitor over minutes, from many sources.",
        description =
                "Runs the live monitor for M minutes at R events/s from N distinct sources, and"
                        + " every 30 s prints the heap after a full collection and the size of the"
                        + " latest checkpoint; writes the samples as JSON to FILE.")
final class BenchSoakCommand implements Callable<Integer> {

    @Option(
            names = "--minutes",
            paramLabel = "M",
            defaultValue = "10",
            description = "Length of the run (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(
            names = "--sources",
            paramLabel = "N",
            defaultValue = "10000",
            description = "Distinct sources (default: ${DEFAULT-VALUE}).")
    int sources;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "1000",
            description = "Offered rate, events/s (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            defaultValue = "bench-soak.json",
            description = "Where the JSON results go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin private BenchModelOptions user;

    @Mixin BenchJobOptions job;

    @Mixin private HelpOption help;

    /** The run's options, checked. */
    BenchOptions options() {
        if (minutes < 1) {
            throw new IllegalArgumentException("--minutes must be at least 1, was " + minutes);
        }
        return BenchOptions.of(
                100,
                job.kind,
                rate,
                1,
                out,
                job.trimmedSettings(),
                minutes,
                sources,
                user.model,
                user.traffic);
    }

    @Override
    public Integer call() throws Exception {
        BenchOptions options = options();
        BenchResults.write(options.out(), SoakBench.run(options, System.out));
        return 0;
    }
}
