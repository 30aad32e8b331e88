package org.oodmonitor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oodmonitor.job.replay.ReplayResult;
import org.oodmonitor.schemas.ModelCommand;
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

    @Test
    void modelChangesAreTheCommandsThatTookEffectByTheLastReplayedEvent() {
        ModelCommand before = ModelCommand.of("r1", "retire", "m", "1.0.0", 50, 0);
        ModelCommand inside = ModelCommand.of("r2", "retire", "m", "2.0.0", 150, 0);
        ModelCommand after = ModelCommand.of("r3", "retire", "m", "3.0.0", 301, 0);
        ReplayResult scored =
                new ReplayResult(
                        List.of(
                                scoreAt("a", 100, 1, 0, null, null, false),
                                scoreAt("b", 300, 1, 0, null, null, false)),
                        List.of(),
                        List.of(),
                        0,
                        List.of());

        assertThat(AuditReportBuilder.modelChanges(List.of(before, inside, after), scored))
                .containsExactly(before, inside);
        assertThat(AuditReportBuilder.modelChanges(List.of(before, after), ReplayResult.empty()))
                .containsExactly(before, after);
    }

    @Test
    void theLiveComparisonCountsIdenticalScoresAndExplainsOnlyBorderlineVerdictChanges() {
        List<OodScore> replayed =
                List.of(
                        score("same", 2.5, 2.0, null, null, false),
                        // Another CPU's last bits: 1.99999 live, 2.00001 replayed, threshold 2.
                        score("flipped-near", 2.00001, 2.0, null, null, false),
                        // A real discrepancy: far from the threshold, yet judged otherwise.
                        score("flipped-far", 3.0, 2.0, null, null, false),
                        score("not-live", 1.0, 2.0, null, null, true));
        Map<String, OodScore> live =
                Map.of(
                        "same", score("same", 2.5, 2.0, null, null, false),
                        "flipped-near", score("flipped-near", 1.99999, 2.0, null, null, true),
                        "flipped-far", score("flipped-far", 1.0, 2.0, null, null, true));

        AuditReport.LiveComparison c =
                LiveComparisons.compare(
                        "live.scores",
                        List.of("Intel Xeon, 2 cores, 1 PyTorch thread"),
                        live,
                        replayed);

        assertThat(c.matched()).isEqualTo(3);
        assertThat(c.missing()).isEqualTo(1);
        assertThat(c.identicalScores()).isEqualTo(1);
        assertThat(c.livePlatforms()).containsExactly("Intel Xeon, 2 cores, 1 PyTorch thread");
        assertThat(c.verdictDifferences())
                .extracting(
                        AuditReport.VerdictDifference::eventId,
                        AuditReport.VerdictDifference::liveOod,
                        AuditReport.VerdictDifference::replayOod,
                        AuditReport.VerdictDifference::withinTolerance)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("flipped-far", true, false, false),
                        org.assertj.core.groups.Tuple.tuple("flipped-near", true, false, true));
    }

    private static OodScore score(
            String id,
            double score,
            double threshold,
            Double alertScore,
            Double alertThreshold,
            boolean ood) {
        return scoreAt(id, 1000L, score, threshold, alertScore, alertThreshold, ood);
    }

    private static OodScore scoreAt(
            String id,
            long eventTime,
            double score,
            double threshold,
            Double alertScore,
            Double alertThreshold,
            boolean ood) {
        return new OodScore(
                OodScore.VERSION,
                id,
                "camera",
                eventTime,
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
                alertScore == null ? null : List.of(),
                null);
    }
}
