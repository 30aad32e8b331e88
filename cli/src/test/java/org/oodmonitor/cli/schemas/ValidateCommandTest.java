package org.oodmonitor.cli.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertThat(
                        run(
                                "--type",
                                "feature-event",
                                "../schemas/examples/valid/feature-event/embedding-8d.json"))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(": valid feature-event");
    }

    @Test
    void invalidFileExitsOneAndPrintsEveryProblem() {
        assertThat(
                        run(
                                "--type",
                                "feature-event",
                                "../schemas/examples/invalid/feature-event/nan-feature.json"))
                .isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("SCHEMA_VIOLATION")
                .contains("  $.features[3]: NaN is not allowed")
                .contains("  $.features[4]: Infinity is not allowed");
    }

    @Test
    void controlCharactersFromARecordAreEscapedNotSentToTheTerminal(@TempDir Path tmp)
            throws Exception {
        Path file = tmp.resolve("evil\u001b[31m.json");
        Files.writeString(
                file,
                "{\"schema_version\": 1, \"\\u001b[2J\\u202eevil\\nDEAD LETTER\": 1}",
                StandardCharsets.UTF_8);

        assertThat(run("--type", "feature-event", file.toString())).isEqualTo(1);

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("\\u001B[2J\\u202Eevil").contains("evil\\u001B[31m.json");
        assertThat(printed.chars().filter(c -> c == 0x1B || c == 0x202E)).isEmpty();
        assertThat(printed.lines()).noneMatch(line -> line.startsWith("DEAD LETTER"));
    }

    @Test
    void anEndlessOrMissingFileIsOneLineNotAnOutOfMemoryError() {
        assertThat(run("--type", "feature-event", "/dev/zero")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "ood-monitor validate: record file /dev/zero is not a regular file; only"
                                + " plain files are read\n");
        err.reset();
        assertThat(run("--type", "feature-event", "/no/such.json")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("ood-monitor validate: record file /no/such.json not found\n");
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
                .startsWith("ood-monitor validate: record file missing.json not found");
    }
}
