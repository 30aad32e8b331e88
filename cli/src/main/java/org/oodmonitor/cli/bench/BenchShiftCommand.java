package org.oodmonitor.cli.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.oodmonitor.cli.HelpOption;
import org.oodmonitor.cli.Installation;
import org.oodmonitor.cli.bench.shift.ShiftBench;
import org.oodmonitor.inference.scoring.InferenceThreads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ood-monitor bench shift}: the shift scenarios and the false alarms by resampling. */
@Command(
        name = "shift",
        header = "The shift scenarios through the monitor's pipeline, and its false alarms.",
        description =
                "Runs the shift scenarios (label shift, exposure, near-OOD mix, gradual noise,"
                        + " noise burst and unchanged traffic) through the monitor's pipeline and"
                        + " measures false alarms by resampling; writes a Markdown report to FILE"
                        + " and the numbers as JSON beside it.")
final class BenchShiftCommand implements Callable<Integer> {

    @Option(
            names = "--minutes",
            paramLabel = "M",
            defaultValue = "11",
            description = "Event-time minutes of each scenario (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            defaultValue = "shift-report.md",
            description = "Where the Markdown report goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin private HelpOption help;

    @Override
    public Integer call() throws Exception {
        InferenceThreads.start(
                InferenceThreads.resolve(0, Runtime.getRuntime().availableProcessors()));
        ShiftBench.run(Installation.home(), minutes, out, System.out);
        return 0;
    }
}
