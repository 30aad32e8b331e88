package org.oodmonitor.cli.training;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs one command with captured stdout and stderr. */
final class CommandTestSupport {

    /** A command's static {@code run(args, out, err)}. */
    interface Runner {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    private final Runner runner;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    CommandTestSupport(Runner runner) {
        this.runner = runner;
    }

    /** Runs the command on {@code args} (clearing what earlier runs printed) and its exit code. */
    int run(String... args) {
        out.reset();
        err.reset();
        return runner.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** What the command printed, with every run of white space (line breaks too) as one space. */
    String flatOut() {
        return out().replaceAll("\\s+", " ");
    }

    /**
     * The row of {@code option} in the options list of a help text, with the rows that continue its
     * description, on one line with single spaces; empty when the list has no such option.
     */
    static String optionRow(String help, String option) {
        StringBuilder row = new StringBuilder();
        for (String line : help.lines().toList()) {
            String names = line.strip().split(" {2,}")[0];
            boolean start =
                    line.startsWith("  ")
                            && (names.equals(option)
                                    || names.startsWith(option + "=")
                                    || names.endsWith(", " + option));
            if (start) {
                row.append(line.strip());
            } else if (row.length() > 0 && line.startsWith("          ")) {
                row.append(' ').append(line.strip());
            } else if (row.length() > 0) {
                break;
            }
        }
        return row.toString().replaceAll(" {2,}", " ");
    }
}
