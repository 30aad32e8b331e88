package org.oodmonitor.schemas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The validate command's output and exit codes. */
class ValidateCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ValidateCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void validFileExitsZero() {
        assertThat(run("--type", "feature-event", "examples/valid/feature-event/embedding-8d.json"))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(": valid feature-event");
    }

    @Test
    void invalidFileExitsOneAndPrintsEveryProblem() {
        assertThat(
                        run(
                                "--type",
                                "feature-event",
                                "examples/invalid/feature-event/nan-feature.json"))
                .isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("SCHEMA_VIOLATION")
                .contains("  $.features[3]: NaN is not allowed")
                .contains("  $.features[4]: Infinity is not allowed");
    }

    @Test
    void helpListsEveryOptionAndExitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Usage: ood-monitor validate")
                .contains("--type=TYPE")
                .contains("FILE...")
                .contains("--help");
    }

    @Test
    void aMissingRequiredOptionIsAUsageError() {
        assertThat(run("x.json")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo(
                        "ood-monitor validate: Missing required option: '--type=TYPE' (see"
                                + " --help)");
    }

    @Test
    void usageErrorsAreOneLineWithExitTwo() {
        assertThat(run("--type", "nope", "x.json")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .startsWith("ood-monitor validate: ")
                .contains("Unknown record type 'nope'")
                .doesNotContain("\n");
        err.reset();
        assertThat(run("--type", "feature-event", "missing.json")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("ood-monitor validate: cannot read missing.json");
    }
}
