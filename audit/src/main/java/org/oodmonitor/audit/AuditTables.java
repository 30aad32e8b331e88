package org.oodmonitor.audit;

import java.time.Instant;
import java.util.List;
import org.oodmonitor.report.Html;
import org.oodmonitor.schemas.ModelCommand;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.QualityWindow;
import org.oodmonitor.schemas.ShiftAlert;

/**
 * The audit report's tables: windows, model changes, shift alerts, alerts and the live comparison.
 */
final class AuditTables {

    private AuditTables() {}

    static String windowTable(List<OodRateWindow> windows) {
        return Html.table(
                List.of(
                        "source", "model", "start", "events", "OOD", "rate", "p-value", "late",
                        "flag"),
                windows.stream()
                        .map(
                                w ->
                                        List.of(
                                                w.source(),
                                                w.modelName() + " " + w.modelVersion(),
                                                AuditReportHtml.time(w.windowStart()),
                                                "" + w.eventCount(),
                                                "" + w.oodCount(),
                                                AuditReportHtml.fmt("%.3f", w.oodRate()),
                                                w.pValue() == null
                                                        ? ""
                                                        : AuditReportHtml.fmt("%.2g", w.pValue()),
                                                "" + w.lateEventCount(),
                                                w.flagReason() == null ? "" : w.flagReason()))
                        .toList());
    }

    static String changeTable(List<ModelCommand> changes) {
        if (changes == null || changes.isEmpty()) {
            return "<p>None: the configured model versions scored every event.</p>";
        }
        return Html.table(
                List.of("effective from", "action", "model", "version", "role", "command"),
                changes.stream()
                        .map(
                                c ->
                                        List.of(
                                                Instant.ofEpochMilli(c.effectiveFrom()).toString(),
                                                c.action(),
                                                c.modelName(),
                                                c.modelVersion(),
                                                c.role() == null ? "" : c.role(),
                                                c.commandId()))
                        .toList());
    }

    static String qualityTable(List<QualityWindow> windows) {
        return Html.table(
                List.of(
                        "source",
                        "model",
                        "window",
                        "labelled",
                        "accuracy",
                        "errors (flagged OOD)",
                        "error AUROC",
                        "ECE"),
                windows.stream()
                        .map(
                                q ->
                                        List.of(
                                                q.source(),
                                                q.modelName() + " " + q.modelVersion(),
                                                AuditReportHtml.time(q.windowStart()),
                                                q.labelledCount() + " / " + q.eventCount(),
                                                q.accuracy() == null
                                                        ? "-"
                                                        : AuditReportHtml.fmt("%.3f", q.accuracy()),
                                                q.errors() + " (" + q.errorsFlaggedOod() + ")",
                                                q.errorAuroc() == null
                                                        ? "-"
                                                        : AuditReportHtml.fmt(
                                                                "%.3f", q.errorAuroc()),
                                                q.expectedCalibrationError() == null
                                                        ? "-"
                                                        : AuditReportHtml.fmt(
                                                                "%.3f",
                                                                q.expectedCalibrationError())))
                        .toList());
    }

    static String shiftTable(List<ShiftAlert> alerts) {
        if (alerts == null || alerts.isEmpty()) {
            return "<p>None: the sequential detector found no lasting rise of the OOD rate.</p>";
        }
        return Html.table(
                List.of(
                        "source",
                        "model",
                        "detected",
                        "change point",
                        "OOD rate since",
                        "expected",
                        "events since",
                        "evidence"),
                alerts.stream()
                        .map(
                                a ->
                                        List.of(
                                                a.source(),
                                                a.modelName() + " " + a.modelVersion(),
                                                AuditReportHtml.time(a.detectedAt()),
                                                AuditReportHtml.time(a.changePoint()),
                                                AuditReportHtml.fmt("%.3f", a.observedRate()),
                                                AuditReportHtml.fmt("%.3f", a.expectedRate()),
                                                "" + a.eventsSinceChange(),
                                                AuditReportHtml.fmt("%.1f", a.evidence())
                                                        + " > "
                                                        + AuditReportHtml.fmt(
                                                                "%.1f", a.threshold())))
                        .toList());
    }

    static String alertTable(List<OodScore> alerts) {
        return Html.table(
                List.of(
                        "event",
                        "source",
                        "event time",
                        "model",
                        "predicted",
                        "score",
                        "threshold"),
                alerts.stream()
                        .map(
                                a ->
                                        List.of(
                                                a.eventId(),
                                                a.source(),
                                                AuditReportHtml.time(a.eventTime()),
                                                a.modelName() + " " + a.modelVersion(),
                                                a.predictedLabel(),
                                                AuditReportHtml.fmt("%.4f", a.score()),
                                                AuditReportHtml.fmt("%.4f", a.threshold())))
                        .toList());
    }

    static String liveComparison(AuditReport.LiveComparison live) {
        long explained =
                live.verdictDifferences().stream()
                        .filter(AuditReport.VerdictDifference::withinTolerance)
                        .count();
        return "<h2>Compared with the live job</h2><p>Live scores from topic "
                + Html.escape(live.topic())
                + ", scored on "
                + (live.livePlatforms().isEmpty()
                        ? "an unnamed platform"
                        : Html.escape(String.join("; ", live.livePlatforms())))
                + ". "
                + live.matched()
                + " replayed events have a live score ("
                + live.missing()
                + " have none); "
                + live.identicalScores()
                + " of them are bit for bit the same; "
                + live.verdictDifferences().size()
                + " verdicts differ, "
                + explained
                + " of them within the tolerance.</p>"
                + Html.table(
                        List.of(
                                "event",
                                "source",
                                "model",
                                "live value",
                                "replayed value",
                                "threshold",
                                "live OOD",
                                "replayed OOD",
                                "within tolerance"),
                        live.verdictDifferences().stream()
                                .map(
                                        d ->
                                                List.of(
                                                        d.eventId(),
                                                        d.source(),
                                                        d.modelName(),
                                                        AuditReportHtml.fmt("%.9g", d.liveValue()),
                                                        AuditReportHtml.fmt(
                                                                "%.9g", d.replayValue()),
                                                        AuditReportHtml.fmt("%.9g", d.threshold()),
                                                        "" + d.liveOod(),
                                                        "" + d.replayOod(),
                                                        "" + d.withinTolerance()))
                                .toList());
    }
}
