package org.oodmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The installation directory: OOD_HOME when set, else the working directory. */
class InstallationTest {

    @Test
    void oodHomeNamesTheInstallationAndAnEmptyOneMeansHere() {
        assertThat(Installation.home("/opt/ood monitor")).isEqualTo(Path.of("/opt/ood monitor"));
        assertThat(Installation.home(null)).isEqualTo(Path.of("."));
        assertThat(Installation.home("  ")).isEqualTo(Path.of("."));
    }
}
