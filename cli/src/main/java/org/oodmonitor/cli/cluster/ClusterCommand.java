package org.oodmonitor.cli.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** Command line: {@code ood-monitor cluster start|stop}; a local multi-process Flink cluster. */
public final class ClusterCommand {

    static final String USAGE =
            """
            Usage: ood-monitor cluster start [--taskmanagers N] [--slots S] [--rest-port P] [--dir DIR]
                   ood-monitor cluster stop [--dir DIR]
              start: starts a real Flink session cluster on this machine, one JobManager and N
                TaskManagers (default 2) with S slots each (default 2), each its own JVM, on
                loopback; prints its REST address (for 'run --cluster') once every TaskManager
                has registered. P is the REST port (default: a free one). DIR (default
                ./ood-cluster) holds its configuration (conf/), logs (log/), checkpoints,
                savepoints and the pids of its processes; every process names DIR/conf on its
                command line.
              stop: stops exactly the processes that 'start' recorded in DIR.
            """;

    private ClusterCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String action = args[0];
        Path dir = Path.of("ood-cluster");
        int taskManagers = 2;
        int slots = 2;
        int restPort = 0;
        try {
            if (!action.equals("start") && !action.equals("stop")) {
                throw new IllegalArgumentException(
                        "unknown action '" + action + "'; use start or stop");
            }
            for (int i = 1; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--help") || option.equals("-h")) {
                    out.print(USAGE);
                    return 0;
                }
                String value = value(args, ++i, option);
                switch (option) {
                    case "--dir" -> dir = Path.of(value);
                    case "--taskmanagers" -> taskManagers = number(option, value, 1);
                    case "--slots" -> slots = number(option, value, 1);
                    case "--rest-port" -> restPort = number(option, value, 1);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
                if (action.equals("stop") && !option.equals("--dir")) {
                    throw new IllegalArgumentException("stop takes only --dir");
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("ood-monitor cluster: " + e.getMessage());
            return 2;
        }
        try {
            if (action.equals("start")) {
                String rest = LocalCluster.start(dir, taskManagers, slots, restPort);
                err.printf(
                        "ood-monitor cluster: %d TaskManagers x %d slots up; logs in %s;"
                                + " stop it with 'ood-monitor cluster stop --dir %s'%n",
                        taskManagers, slots, dir.resolve("log"), dir);
                out.println(rest);
            } else {
                int stopped = LocalCluster.stop(dir);
                err.printf("ood-monitor cluster: stopped %d processes of %s%n", stopped, dir);
            }
            return 0;
        } catch (IOException e) {
            err.println("ood-monitor cluster: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("ood-monitor cluster: interrupted");
            return 1;
        }
    }

    private static int number(String option, String value, int min) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= 65535) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " wants a positive integer, not " + value);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
