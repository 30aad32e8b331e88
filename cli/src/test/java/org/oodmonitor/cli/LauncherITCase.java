package org.oodmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged command line as {@code bin/ood-monitor} starts it ({@code target/ood-cli-*.jar} with
 * {@code target/lib/*}, after {@code package}): it runs, and its logging backend is on that class
 * path, so commands log to their file instead of printing log4j's "no logging provider" error.
 */
class LauncherITCase {

    @Test
    void thePackagedCommandLineRunsWithItsLoggingBackend() throws Exception {
        Path target = Path.of("target");
        Path jar;
        try (Stream<Path> files = Files.list(target)) {
            jar =
                    files.filter(
                                    f -> {
                                        String name = f.getFileName().toString();
                                        return name.startsWith("ood-cli-")
                                                && name.endsWith(".jar")
                                                && !name.endsWith("-tests.jar");
                                    })
                            .findFirst()
                            .orElseThrow();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process =
                new ProcessBuilder(
                                List.of(
                                        java.toString(),
                                        "-cp",
                                        jar + File.pathSeparator + target.resolve("lib/*"),
                                        "-Dood.log.file=" + target.resolve("launcher-it.log"),
                                        OodMonitorCommand.class.getName(),
                                        "--version"))
                        .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = read(process.getInputStream());
        String err = read(process.getErrorStream());

        assertThat(process.exitValue()).as("stderr: %s", err).isZero();
        assertThat(out).startsWith("ood-monitor ").contains("Flink ", "DJL ");
        assertThat(err).isEmpty();
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
