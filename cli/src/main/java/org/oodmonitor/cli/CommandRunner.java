package org.oodmonitor.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.oodmonitor.schemas.text.Printable;
import picocli.CommandLine;

/**
 * Runs a picocli command the way every {@code ood-monitor} command runs: help and version exit 0, a
 * usage error (an unknown option, a missing or malformed value) prints one line and exits 2, a
 * runtime error prints one line and exits 1. Commands throw {@link IllegalArgumentException} for a
 * bad value they find themselves, which counts as a usage error.
 */
public final class CommandRunner {

    /** Exit code of a usage error. */
    public static final int USAGE_ERROR = 2;

    /** Exit code of a runtime error. */
    public static final int RUNTIME_ERROR = 1;

    private CommandRunner() {}

    /** A command whose help ends with text computed at run time (a table of options, say). */
    public interface WithFooter {
        /** The text after the options in {@code --help}. */
        String footer();
    }

    /** Runs {@code command} on {@code args} and returns its exit code. */
    public static int run(Object command, String[] args, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(command);
        line.setCommandName("ood-monitor " + line.getCommandName());
        return run(line, args, out, err);
    }

    /**
     * Runs a command line built elsewhere (with its subcommands) on {@code args}; errors name the
     * (sub)command they concern.
     */
    public static int run(CommandLine line, String[] args, PrintStream out, PrintStream err) {
        line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        line.setUsageHelpWidth(100);
        line.setUsageHelpLongOptionsMaxWidth(30);
        addFooters(line);
        line.setParameterExceptionHandler(
                (e, given) -> {
                    err.println(
                            name(e.getCommandLine())
                                    + ": "
                                    + oneLine(withoutErrorPrefix(e.getMessage()))
                                    + " (see --help)");
                    return USAGE_ERROR;
                });
        line.setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                    err.println(name(cmd) + ": " + oneLine(message(e)));
                    return e instanceof IllegalArgumentException ? USAGE_ERROR : RUNTIME_ERROR;
                });
        return line.execute(args);
    }

    private static void addFooters(CommandLine line) {
        if (line.getCommand() instanceof WithFooter f) {
            // Help sections are format strings; the footer is plain text.
            line.getCommandSpec().usageMessage().footer(f.footer().replace("%", "%%"));
        }
        line.getSubcommands().values().forEach(CommandRunner::addFooters);
    }

    private static String name(CommandLine line) {
        String name = line.getCommandSpec().qualifiedName();
        return name.startsWith("ood-monitor") ? name : "ood-monitor " + name;
    }

    /** Runs the command and exits the JVM with its exit code. */
    public static void exit(Object command, String[] args) {
        System.exit(run(command, args, System.out, System.err));
    }

    /**
     * Runs the command and exits the JVM only when it fails: for a main that may run inside another
     * process (Flink's client, a JobManager in application mode) on success.
     */
    public static void exitOnError(Object command, String[] args) {
        int code = run(command, args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getMessage() == null && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    /**
     * Picocli starts the messages of its argument groups with "Error: ", which the command's name
     * already says.
     */
    public static String withoutErrorPrefix(String message) {
        return message != null && message.startsWith("Error: ")
                ? message.substring("Error: ".length())
                : message;
    }

    private static String oneLine(String text) {
        return text == null ? "" : Printable.of(text.strip().replaceAll("\\s*\\n\\s*", " "));
    }
}
