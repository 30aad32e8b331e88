package org.oodmonitor.kafka.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
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
