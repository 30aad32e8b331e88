package org.oodmonitor.training.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;

/** Shared command-line behaviour: --help, one-line errors and exit codes. */
final class Commands {

    /** A command body. */
    interface Body {
        void run(String[] args, PrintStream out) throws IOException;
    }

    private Commands() {}

    /**
     * Runs {@code body}; returns 0 on success, 2 on a usage error, 1 on any other failure, each
     * failure with a one-line message on stderr.
     */
    static int run(String name, String usage, String[] args, Body body) {
        return run(name, usage, args, body, System.out, System.err);
    }

    static int run(
            String name, String usage, String[] args, Body body, PrintStream out, PrintStream err) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.print(usage);
            return 0;
        }
        try {
            body.run(args, out);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("ood-monitor " + name + ": " + oneLine(e.getMessage()) + " (see --help)");
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("ood-monitor " + name + ": " + oneLine(String.valueOf(e.getMessage())));
            return 1;
        }
    }

    private static String oneLine(String message) {
        return message.replace('\n', ' ');
    }
}
