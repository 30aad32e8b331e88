package org.oodmonitor.cli;

import java.io.PrintStream;
import org.oodmonitor.cli.bench.BenchCommand;
import org.oodmonitor.cli.broker.BrokerCommand;
import org.oodmonitor.cli.cluster.ClusterCommand;
import org.oodmonitor.cli.demo.DemoCommand;
import org.oodmonitor.cli.job.ReplayCommand;
import org.oodmonitor.cli.job.RunCommand;
import org.oodmonitor.cli.job.SavepointCommand;
import org.oodmonitor.cli.model.ModelControlCommand;
import org.oodmonitor.cli.schemas.ValidateCommand;
import org.oodmonitor.cli.training.CalibrateCommand;
import org.oodmonitor.cli.training.EvaluateCommand;
import org.oodmonitor.cli.training.ImportCommand;
import org.oodmonitor.cli.training.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ood-monitor}: the one command line, with every command of every module as a subcommand;
 * {@code bin/ood-monitor} only builds the project when needed and runs this.
 */
@Command(
        name = "ood-monitor",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.class,
        description = "A streaming out-of-distribution monitor for ML models in production.",
        footer = {
            "",
            "Each command takes --help, and --verbose to show its logs on the console as well as"
                    + " in ood-monitor-COMMAND.log in the working directory. Environment:"
                    + " OOD_JAVA_OPTS (extra JVM options), OOD_KAFKA_MODE (auto | process |"
                    + " container: how a local broker is started)."
        })
public final class OodMonitorCommand {

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandRunner.run(commandLine(), args, out, err);
    }

    /** The command line with every subcommand, in the order the help lists them. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new OodMonitorCommand());
        line.addSubcommand(new DemoCommand());
        line.addSubcommand(new RunCommand());
        line.addSubcommand(new ReplayCommand());
        line.addSubcommand(new SavepointCommand());
        line.addSubcommand(new ModelControlCommand());
        line.addSubcommand(new ClusterCommand());
        line.addSubcommand(new BenchCommand());
        line.addSubcommand(new BrokerCommand());
        line.addSubcommand(new ValidateCommand());
        line.addSubcommand(new TrainCommand());
        line.addSubcommand(new ImportCommand());
        line.addSubcommand(new EvaluateCommand());
        line.addSubcommand(new CalibrateCommand());
        line.addSubcommand(new VersionCommand());
        return line;
    }
}
