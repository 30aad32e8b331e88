package org.oodmonitor.cli.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluate command's help and usage errors; nothing here loads a model. */
class EvaluateCommandTest {

    private final CommandTestSupport command = new CommandTestSupport(EvaluateCommand::run);

    @TempDir Path tmp;

    @Test
    void helpListsEveryOptionAndTheReportContract() {
        assertThat(command.run("--help")).isZero();
        assertThat(command.out())
                .startsWith("Accuracy and OOD metrics")
                .contains("Usage: ood-monitor evaluate ")
                .contains(
                        "--model=DIR",
                        "--images=PATH",
                        "--labels=IDX",
                        "--ood=NAME=PATH",
                        "--report-json=FILE",
                        "--report-html=FILE",
                        "-h, --help");
        assertThat(command.flatOut())
                .contains("TNR at 95% TPR")
                .contains(
                        "ood.<NAME>.<score>.{auroc,aupr_in,aupr_out,tnr_at_tpr95,"
                                + " detection_accuracy}");
        assertThat(CommandTestSupport.optionRow(command.out(), "--ood"))
                .contains("An OOD set (repeatable, at least one).")
                .contains("noise:gaussian[:N]", "default 1000");
        assertThat(CommandTestSupport.optionRow(command.out(), "--report-html"))
                .contains("(default: none)");
        assertThat(command.err()).isEmpty();
    }

    @Test
    void aMissingRequiredOptionIsOneLineWithExitTwo() {
        assertThat(
                        command.run(
                                "--model",
                                "m",
                                "--images",
                                "i",
                                "--labels",
                                "l",
                                "--report-json",
                                "r.json"))
                .isEqualTo(2);
        assertThat(command.err())
                .isEqualTo(
                        "ood-monitor evaluate: Missing required option: '--ood=NAME=PATH' (see"
                                + " --help)"
                                + System.lineSeparator());
        assertThat(command.out()).isEmpty();
    }

    @Test
    void missingImagesAreOneLineWithExitTwo() {
        assertThat(command.run("--model", "m", "--ood", "d=x", "--report-json", "r.json"))
                .isEqualTo(2);
        assertThat(command.err())
                .isEqualTo(
                        "ood-monitor evaluate: Missing required option: '--images=PATH' (see"
                                + " --help)"
                                + System.lineSeparator());
        assertThat(command.out()).isEmpty();
    }

    @Test
    void anOptionWithoutItsValueIsAUsageError() {
        assertThat(command.run("--model")).isEqualTo(2);
        assertThat(command.err())
                .startsWith("ood-monitor evaluate: ")
                .contains("Missing required parameter for option '--model' (DIR)")
                .endsWith(" (see --help)" + System.lineSeparator());
        assertThat(command.err().strip()).doesNotContain("\n");
    }

    @Test
    void anUnknownOptionIsOneLineWithExitTwo() {
        assertThat(
                        command.run(
                                "--model",
                                "m",
                                "--images",
                                "i",
                                "--labels",
                                "l",
                                "--ood",
                                "u=noise:uniform",
                                "--report-json",
                                "r.json",
                                "--report",
                                "r"))
                .isEqualTo(2);
        assertThat(command.err().strip())
                .startsWith("ood-monitor evaluate: Unknown options: '--report', 'r'")
                .endsWith("(see --help)")
                .doesNotContain("\n");
    }

    @Test
    void aMalformedOodSetIsAUsageErrorBeforeAnythingIsRead() {
        Path json = tmp.resolve("r.json");
        for (String[] bad :
                new String[][] {
                    {"mnist", "(NAME=PATH) should be in KEY=VALUE format but was mnist"},
                    {"=x", "must be NAME=PATH, was '=x'"},
                    {"u=noise:pink", "unknown noise 'pink'"},
                    {"u=noise:uniform:many", "noise count must be a positive number"}
                }) {
            assertThat(
                            command.run(
                                    "--model",
                                    "m",
                                    "--images",
                                    "i",
                                    "--labels",
                                    "l",
                                    "--ood",
                                    bad[0],
                                    "--report-json",
                                    json.toString()))
                    .as(bad[0])
                    .isEqualTo(2);
            assertThat(command.err().strip())
                    .startsWith("ood-monitor evaluate: ")
                    .contains("'--ood'")
                    .contains(bad[1])
                    .doesNotContain("\n");
        }
        assertThat(Files.exists(json)).isFalse();
    }
}
