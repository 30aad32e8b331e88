package org.oodmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The version command: one line per component, each with a version number. */
class VersionCommandTest {

    @Test
    void printsEveryComponentWithAVersion() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code =
                VersionCommand.run(
                        new String[0],
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err);
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .hasSize(5)
                .satisfiesExactly(
                        l -> assertThat(l).matches("ood-monitor \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"),
                        l -> assertThat(l).matches("Flink 2\\.\\d+\\.\\d+"),
                        l -> assertThat(l).matches("Kafka clients \\d+\\.\\d+\\.\\d+"),
                        l -> assertThat(l).matches("DJL 0\\.\\d+\\.\\d+"),
                        l -> assertThat(l).matches("PyTorch 2\\.\\d+\\.\\d+"));
    }

    @Test
    void theTopLevelVersionOptionPrintsTheSameLines() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream viaCommand = new ByteArrayOutputStream();
        assertThat(
                        OodMonitorCommand.run(
                                new String[] {"--version"},
                                new PrintStream(out, true, StandardCharsets.UTF_8),
                                System.err))
                .isZero();
        assertThat(
                        VersionCommand.run(
                                new String[0],
                                new PrintStream(viaCommand, true, StandardCharsets.UTF_8),
                                System.err))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(viaCommand.toString(StandardCharsets.UTF_8))
                .startsWith("ood-monitor ");
    }

    @Test
    void argumentsAreAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                VersionCommand.run(
                        new String[] {"--bogus"},
                        System.out,
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("ood-monitor version: Unknown option: '--bogus' (see --help)\n");
    }
}
