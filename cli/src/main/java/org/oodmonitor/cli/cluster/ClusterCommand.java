package org.oodmonitor.cli.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.cli.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Command line: {@code ood-monitor cluster start|stop}; a local multi-process Flink cluster. */
@Command(
        name = "cluster",
        header = "Start or stop a local multi-process Flink cluster.",
        description = {
            "A real Flink session cluster on this machine: one JobManager and N TaskManagers,"
                    + " each its own JVM, on loopback.",
            "  cluster start [--taskmanagers N] [--slots S] [--rest-port P] [--dir DIR]",
            "  cluster stop [--dir DIR]",
            "'cluster start --help' and 'cluster stop --help' say more."
        },
        subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class})
public final class ClusterCommand implements Callable<Integer> {

    @Mixin private HelpOption help;

    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "give start or stop");
    }

    public static void main(String[] args) {
        CommandRunner.exit(new ClusterCommand(), args);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandRunner.run(new ClusterCommand(), args, out, err);
    }

    /** {@code cluster start}. */
    @Command(
            name = "start",
            showDefaultValues = true,
            description =
                    "Starts the cluster and prints its REST address (for 'run --cluster') once"
                            + " every TaskManager has registered. DIR holds its configuration"
                            + " (conf/), logs (log/), checkpoints, savepoints and the pids of its"
                            + " processes; every process names DIR/conf on its command line.")
    static final class Start implements Callable<Integer> {

        @Option(
                names = "--taskmanagers",
                paramLabel = "N",
                defaultValue = "2",
                description = "TaskManager processes to start.")
        private int taskManagers;

        @Option(
                names = "--slots",
                paramLabel = "S",
                defaultValue = "2",
                description = "Task slots per TaskManager.")
        private int slots;

        @Option(
                names = "--rest-port",
                paramLabel = "P",
                defaultValue = "0",
                description = "REST port; 0 picks a free one.")
        private int restPort;

        @Option(
                names = "--dir",
                paramLabel = "DIR",
                defaultValue = "ood-cluster",
                description = "The cluster's directory.")
        private Path dir;

        @Mixin private HelpOption help;

        @Spec private CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            if (taskManagers < 1 || slots < 1 || restPort < 0 || restPort > 65535) {
                throw new IllegalArgumentException(
                        "--taskmanagers and --slots want positive numbers, --rest-port 0-65535");
            }
            String rest = LocalCluster.start(dir, taskManagers, slots, restPort);
            spec.commandLine()
                    .getErr()
                    .printf(
                            "ood-monitor cluster: %d TaskManagers x %d slots up; logs in %s;"
                                    + " stop it with 'ood-monitor cluster stop --dir %s'%n",
                            taskManagers, slots, dir.resolve("log"), dir);
            spec.commandLine().getOut().println(rest);
            return 0;
        }
    }

    /** {@code cluster stop}. */
    @Command(
            name = "stop",
            showDefaultValues = true,
            description = "Stops exactly the processes that 'cluster start' recorded in DIR.")
    static final class Stop implements Callable<Integer> {

        @Option(
                names = "--dir",
                paramLabel = "DIR",
                defaultValue = "ood-cluster",
                description = "The directory 'cluster start' was given.")
        private Path dir;

        @Mixin private HelpOption help;

        @Spec private CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            int stopped = LocalCluster.stop(dir);
            spec.commandLine()
                    .getErr()
                    .printf("ood-monitor cluster: stopped %d processes of %s%n", stopped, dir);
            return 0;
        }
    }
}
