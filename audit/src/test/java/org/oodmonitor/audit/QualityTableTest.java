package org.oodmonitor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oodmonitor.schemas.QualityWindow;

/** The audit report's table of realized quality: each window's counts, and a dash where none. */
class QualityTableTest {

    @Test
    void eachWindowIsARowWithItsCountsAndADashForWhatItLacks() {
        QualityWindow labelled =
                new QualityWindow(
                        1,
                        "cam",
                        "fashion",
                        "1.0.0",
                        0,
                        1000,
                        20,
                        15,
                        0.75,
                        0.8,
                        Map.of("1", 0.8),
                        0.31,
                        3,
                        2,
                        1,
                        0.9,
                        null);
        QualityWindow unlabelled =
                new QualityWindow(
                        1, "cam", "fashion", "1.0.0", 1000, 2000, 10, 0, 0, null, null, null, 0, 0,
                        0, null, null);

        String html = AuditTables.qualityTable(List.of(labelled, unlabelled));

        assertThat(html)
                .contains("15 / 20", "0.800", "3 (2)", "0.900", "0.310")
                .contains("0 / 10")
                .contains("<td>-</td>");
    }
}
