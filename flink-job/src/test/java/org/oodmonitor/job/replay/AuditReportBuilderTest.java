package org.oodmonitor.job.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.oodmonitor.schemas.OodScore;

/** The borderline events of an audit report, on hand-made scores. */
class AuditReportBuilderTest {

    @Test
    void borderlineEventsAreThoseWithinTheRelativeToleranceOfTheirDecidingThreshold() {
        List<OodScore> scores =
                List.of(
                        // Minimum distance score decides: 2.0 against 2.0001 is 5e-5 away.
                        score("mds-near", 2.0, 2.0001, null, null, true),
                        score("mds-far", 2.0, 2.01, null, null, true),
                        // The alert detector decides, whatever the distance score.
                        score("alert-near", 9.0, 2.0, 0.0050002, 0.005, false),
                        score("alert-exact", 9.0, 2.0, 0.005, 0.005, false),
                        score("alert-far", 2.0, 2.0, 0.0051, 0.005, false));

        List<AuditReport.Borderline> near = AuditReportBuilder.borderline(scores);

        assertThat(near)
                .extracting(AuditReport.Borderline::eventId)
                .containsExactly("alert-exact", "alert-near", "mds-near");
        assertThat(near.get(2).value()).isEqualTo(2.0);
        assertThat(near.get(2).threshold()).isEqualTo(2.0001);
        assertThat(near.get(1).threshold()).isEqualTo(0.005);
    }

    private static OodScore score(
            String id,
            double score,
            double threshold,
            Double alertScore,
            Double alertThreshold,
            boolean ood) {
        return new OodScore(
                OodScore.VERSION,
                id,
                "camera",
                1000L,
                "model",
                "1",
                "sha",
                0,
                "label",
                1.0,
                score,
                threshold,
                ood,
                null,
                1000L,
                null,
                alertScore,
                alertThreshold,
                alertScore == null ? null : List.of());
    }
}
