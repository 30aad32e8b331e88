package org.oodmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command line as {@code bin/ood-monitor} starts it ({@code target/ood-cli-*.jar} with
 * {@code target/lib/*}, after {@code package}): it runs, and its logging backend is on that class
 * path, so commands log to their file instead of printing log4j's "no logging provider" error.
 */
class LauncherITCase {

    @Test
    void thePackagedCommandLineRunsWithItsLoggingBackend() throws Exception {
        Process process =
                PackagedCommandLine.of(
                                List.of("--version"),
                                Path.of("target/launcher-it.log").toAbsolutePath())
                        .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = read(process.getInputStream());
        String err = read(process.getErrorStream());

        assertThat(process.exitValue()).as("stderr: %s", err).isZero();
        assertThat(out).startsWith("ood-monitor ").contains("Flink ", "DJL ");
        assertThat(err).isEmpty();
    }

    @Test
    void defaultModelsAreFoundFromAnyWorkingDirectory(@TempDir Path elsewhere) throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        List<String> replay =
                List.of(
                        "replay",
                        "--set",
                        "ood.kafka.bootstrap-servers=127.0.0.1:9",
                        "--from",
                        "0",
                        "--to",
                        "1",
                        "--out",
                        "dir:out",
                        // Checked after the default model, so its error shows that one was found.
                        "--what-if",
                        "model:fashion-mnist-isomax=" + elsewhere.resolve("v2"));
        Result installed = launch(elsewhere, home.toString(), replay);
        assertThat(installed.code()).as(installed.err()).isEqualTo(2);
        assertThat(installed.err())
                .startsWith("ood-monitor replay: model 'fashion-mnist-isomax': ")
                .contains(elsewhere.resolve("v2").toString());

        Result bare = launch(elsewhere, null, replay);
        assertThat(bare.code()).isEqualTo(2);
        assertThat(bare.err())
                .as("without OOD_HOME the default is relative to the working directory")
                .startsWith("ood-monitor replay: model 'fashion-mnist-isomax': ")
                .contains("models/fashion-mnist-isomax");
    }

    private record Result(int code, String err) {}

    private static Result launch(Path workingDir, String home, List<String> args) throws Exception {
        ProcessBuilder builder =
                PackagedCommandLine.of(args, Path.of("target/launcher-it-cwd.log").toAbsolutePath())
                        .directory(workingDir.toFile());
        builder.environment().remove("OOD_HOME");
        if (home != null) {
            builder.environment().put("OOD_HOME", home);
        }
        Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = read(process.getErrorStream());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), err);
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
