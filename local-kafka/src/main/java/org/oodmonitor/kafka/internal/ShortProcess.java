package org.oodmonitor.kafka.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived child process to its end, its output appended to a log file. */
final class ShortProcess {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ShortProcess() {}

    /**
     * Runs {@code command} and waits for it to exit with code 0.
     *
     * @param what what the process does, for messages ("formatting the storage")
     * @param tailLines how many of the log's last lines a failure's message carries
     * @throws IOException when it takes over 60 s, is interrupted or exits with another code
     */
    static void run(String what, List<String> command, Path log, int tailLines) throws IOException {
        run(what, command, Map.of(), "", log, tailLines);
    }

    /**
     * Runs {@code command} with secrets that must not appear on its command line, where {@code ps}
     * shows them to every user: {@code environment} is added to the child's environment only
     * ({@code /proc/PID/environ} is readable by its owner alone) and {@code input} is written to
     * its standard input, which is then closed.
     */
    static void run(
            String what,
            List<String> command,
            Map<String, String> environment,
            String input,
            Path log,
            int tailLines)
            throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // A child that exits before reading its input fails below with its own output.
        }
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(what + " took over " + TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + what, e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(
                    what
                            + " failed (exit "
                            + process.exitValue()
                            + "):\n"
                            + LogTail.read(log, tailLines));
        }
    }
}
