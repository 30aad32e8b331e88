package org.oodmonitor.cli.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.cli.HelpOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ood-monitor bench}: in one run on one machine, the bare forward rate of the model, a
 * pass-through job (Kafka in, parse, Kafka out, exactly once, no model), the monitor job with
 * production settings (steady-state throughput from its outputs' own timestamps), the end-to-end
 * latency at half the monitor's rate, and a plain-Java loop; its subcommands run the flat-memory
 * soak and the shift scenarios. Each run returns a result record, written as JSON.
 */
@Command(
        name = "bench",
        header = "Throughput and latency against the model and a pass-through job.",
        description = {
            "Starts a local Kafka broker, pre-loads N events of one kind, and measures in one run:"
                    + " the bare batched forward rate of the model, a pass-through job (parse and"
                    + " copy, exactly once, no model), the monitor job (steady state, from its"
                    + " outputs' timestamps), the end-to-end latency at R events/s for"
                    + " read_committed and read_uncommitted consumers, and a plain-Java loop."
                    + " Prints a table and writes it as JSON to FILE.",
            "'bench soak [--minutes M] [--sources N] [--rate R]' runs the flat-memory soak instead,"
                    + " 'bench shift [--minutes M] [--out FILE]' the shift scenarios; see their"
                    + " own --help."
        },
        subcommands = {BenchSoakCommand.class, BenchShiftCommand.class})
public final class BenchCommand implements Callable<Integer> {

    @Option(
            names = "--events",
            paramLabel = "N",
            defaultValue = "20000",
            description =
                    "Events pre-loaded for the throughput runs, at least 100 (default:"
                            + " ${DEFAULT-VALUE}).")
    private int events;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "0",
            description =
                    "Offered rate of the latency run, events/s (default: half the monitor's"
                            + " measured rate).")
    private double rate;

    @Option(
            names = "--latency-seconds",
            paramLabel = "S",
            defaultValue = "30",
            description = "Length of the latency run (default: ${DEFAULT-VALUE}).")
    private int latencySeconds;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            defaultValue = "bench-results.json",
            description = "Where the JSON results go (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Mixin private BenchModelOptions user;

    @Mixin private BenchJobOptions job;

    @Mixin private HelpOption help;

    public static void main(String[] args) {
        CommandRunner.exit(new BenchCommand(), args);
    }

    /**
     * The throughput run's options {@code args} give, as the command would see them.
     *
     * @throws IllegalArgumentException for an unknown option or a bad value
     */
    static BenchOptions options(String... args) {
        BenchCommand command = new BenchCommand();
        try {
            new CommandLine(command).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return command.options();
    }

    private BenchOptions options() {
        return BenchOptions.of(
                events,
                job.kind,
                rate,
                latencySeconds,
                out,
                job.trimmedSettings(),
                0,
                1,
                user.model,
                user.traffic);
    }

    @Override
    public Integer call() throws Exception {
        BenchOptions options = options();
        ThroughputResult result = ThroughputBench.run(options);
        result.print(System.out);
        BenchResults.write(options.out(), result);
        return 0;
    }
}
