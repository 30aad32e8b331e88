package org.oodmonitor.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The command line as {@code bin/ood-monitor} starts it, for tests that need it in a JVM of its own
 * (another working directory, another environment): {@code target/ood-cli-VERSION.jar} with {@code
 * target/lib/*}, after {@code package}.
 */
public final class PackagedCommandLine {

    private PackagedCommandLine() {}

    /** A process builder for {@code args}, logging to {@code logFile}, in this directory. */
    public static ProcessBuilder of(List<String> args, Path logFile) throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Dai.djl.offline=true",
                                "-cp",
                                jar(target) + File.pathSeparator + target.resolve("lib/*"),
                                "-Dood.log.file=" + logFile,
                                OodMonitorCommand.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command);
    }

    /** The command line's jar as the build wrote it under {@code target}. */
    public static Path jar(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(
                            f -> {
                                String name = f.getFileName().toString();
                                return name.startsWith("ood-cli-")
                                        && name.endsWith(".jar")
                                        && !name.endsWith("-tests.jar");
                            })
                    .findFirst()
                    .orElseThrow();
        }
    }
}
