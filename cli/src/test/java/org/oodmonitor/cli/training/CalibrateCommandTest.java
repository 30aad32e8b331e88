package org.oodmonitor.cli.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The calibrate command's help and usage errors; nothing here loads a model. */
class CalibrateCommandTest {

    private final CommandTestSupport command = new CommandTestSupport(CalibrateCommand::run);

    @Test
    void helpListsEveryOptionWithItsDefault() {
        assertThat(command.run("--help")).isZero();
        assertThat(command.out())
                .startsWith("Re-pick a model's OOD threshold")
                .contains("Usage: ood-monitor calibrate ")
                .contains("--model=DIR", "--images=PATH", "--labels=IDX", "--per-class")
                .contains("--tpr=X")
                .contains("-h, --help");
        assertThat(CommandTestSupport.optionRow(command.out(), "--tpr"))
                .startsWith("--tpr=X Share of the validation events the threshold keeps")
                .endsWith("in (0, 1] (default: 0.95).");
        assertThat(CommandTestSupport.optionRow(command.out(), "--per-class"))
                .contains("one threshold per predicted class");
        assertThat(command.err()).isEmpty();
    }

    @Test
    void aMissingRequiredOptionIsOneLineWithExitTwo() {
        assertThat(command.run("--model", "m", "--images", "i")).isEqualTo(2);
        assertThat(command.err())
                .isEqualTo(
                        "ood-monitor calibrate: Missing required option: '--labels=IDX' (see"
                                + " --help)"
                                + System.lineSeparator());
        assertThat(command.out()).isEmpty();
    }

    @Test
    void anUnknownOptionIsOneLineWithExitTwo() {
        assertThat(command.run("--model", "m", "--images", "i", "--labels", "l", "--per-klass"))
                .isEqualTo(2);
        assertThat(command.err().strip())
                .startsWith("ood-monitor calibrate: Unknown option: '--per-klass'")
                .endsWith("(see --help)")
                .doesNotContain("\n");
    }

    @Test
    void theRateMustBeANumberInTheUnitInterval() {
        assertThat(command.run("--model", "m", "--images", "i", "--labels", "l", "--tpr", "0"))
                .isEqualTo(2);
        assertThat(command.err())
                .isEqualTo(
                        "ood-monitor calibrate: --tpr must be in (0, 1], was 0.0 (see --help)"
                                + System.lineSeparator());
        assertThat(command.run("--model", "m", "--images", "i", "--labels", "l", "--tpr", "high"))
                .isEqualTo(2);
        assertThat(command.err().strip())
                .startsWith("ood-monitor calibrate: Invalid value for option '--tpr'")
                .contains("'high' is not a double");
    }

    @Test
    void aMissingImageFileIsARuntimeError() {
        assertThat(
                        command.run(
                                "--model",
                                "m",
                                "--images",
                                "missing.gz",
                                "--labels",
                                "missing-labels.gz"))
                .isEqualTo(1);
        assertThat(command.err()).startsWith("ood-monitor calibrate: ").contains("missing.gz");
        assertThat(command.err().strip()).doesNotContain("\n");
    }
}
