package org.oodmonitor.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.oodmonitor.report.Html;
import org.oodmonitor.report.SvgCharts;
import org.oodmonitor.schemas.OodRateWindow;

/**
 * Writes an {@link AuditReport} as one self-contained HTML page: input range, models, options,
 * totals, the OOD rate over time, the score distributions, flagged windows and top alerts.
 */
final class AuditReportHtml {

    private AuditReportHtml() {}

    static void write(Path file, AuditReport report) throws IOException {
        StringBuilder html = new StringBuilder(Html.page("OOD monitor replay audit"));
        html.append("<h1>Replay audit</h1>");
        if (report.from() != null) {
            html.append(
                    "<p>Time range ["
                            + time(report.from())
                            + ", "
                            + time(report.to())
                            + ") of Kafka record timestamps.</p>");
        } else {
            html.append("<p>Explicit offset ranges.</p>");
        }
        AuditReport.Totals t = report.totals();
        html.append("<h2>Totals</h2>")
                .append(
                        Html.table(
                                List.of(
                                        "records read",
                                        "events scored",
                                        "OOD events",
                                        "OOD rate",
                                        "dead letters",
                                        "late events",
                                        "windows",
                                        "flagged windows"),
                                List.of(
                                        List.of(
                                                "" + t.recordsRead(),
                                                "" + t.eventsScored(),
                                                "" + t.oodEvents(),
                                                fmt("%.4f", t.oodRate()),
                                                t.deadLetters() + " " + t.deadLettersByCode(),
                                                "" + t.lateEvents(),
                                                "" + t.windows(),
                                                "" + t.flaggedWindows()))));
        html.append("<h2>OOD rate over time</h2>")
                .append(
                        SvgCharts.rateChart(
                                "OOD rate per window",
                                series(report.windows()),
                                report.windows().isEmpty()
                                        ? null
                                        : report.windows().get(0).expectedOodRate()))
                .append("<p>Red dots: flagged windows; dashed: the expected OOD rate.</p>");
        html.append("<h2>Score distribution</h2>");
        for (AuditReport.Histogram h : report.scoreDistributions()) {
            html.append("<h3>" + Html.escape(h.modelName() + " " + h.modelVersion()) + "</h3>")
                    .append(
                            SvgCharts.histogram(
                                    "scores",
                                    h.inDistribution(),
                                    h.ood(),
                                    h.low(),
                                    h.high(),
                                    h.threshold()))
                    .append(
                            "<p>Blue: in distribution; red: OOD; dashed: threshold "
                                    + fmt("%.4f", h.threshold())
                                    + ".</p>");
        }
        html.append("<h2>Flagged windows</h2>")
                .append(
                        "<p>Flagged by the binomial test of the OOD rate, the rate bound, or the"
                                + " shift tests against the model's reference (class mix, score"
                                + " and input statistic distributions), as the reason says.</p>")
                .append(AuditTables.windowTable(report.flaggedWindows()));
        html.append("<h2>Shift alerts</h2>").append(AuditTables.shiftTable(report.shiftAlerts()));
        if (report.quality() != null) {
            html.append("<h2>Realized quality (delayed labels)</h2>")
                    .append(AuditTables.qualityTable(report.quality()));
        }
        html.append("<h2>Model changes</h2>")
                .append(AuditTables.changeTable(report.modelChanges()));
        html.append("<h2>Top alerts (lowest scores)</h2>")
                .append(AuditTables.alertTable(report.topAlerts()));
        AuditReport.Scoring scoring = report.scoring();
        html.append("<h2>Scoring platform</h2>")
                .append("<p>")
                .append(Html.escape(scoring.platform()))
                .append(
                        ". Replays on the same CPU family with the same thread count reproduce"
                                + " the live scores bit for bit; on another family scores may"
                                + " differ in the last bits, which can flip only the verdicts"
                                + " within ")
                .append(fmt("%.0e", scoring.relativeTolerance()))
                .append(" (relative) of their threshold: ")
                .append(scoring.borderline().size())
                .append(" such events.</p>")
                .append(
                        Html.table(
                                List.of("event", "source", "model", "value", "threshold", "OOD"),
                                scoring.borderline().stream()
                                        .map(
                                                b ->
                                                        List.of(
                                                                b.eventId(),
                                                                b.source(),
                                                                b.modelName(),
                                                                fmt("%.9g", b.value()),
                                                                fmt("%.9g", b.threshold()),
                                                                "" + b.isOod()))
                                        .toList()));
        if (scoring.live() != null) {
            html.append(AuditTables.liveComparison(scoring.live()));
        }
        html.append("<h2>Input</h2>")
                .append(
                        Html.table(
                                List.of(
                                        "kind",
                                        "topic",
                                        "partition",
                                        "start offset",
                                        "end offset",
                                        "first record",
                                        "last record"),
                                report.partitions().stream()
                                        .map(
                                                p ->
                                                        List.of(
                                                                p.kind(),
                                                                p.topic(),
                                                                "" + p.partition(),
                                                                "" + p.startOffset(),
                                                                "" + p.endOffset(),
                                                                time(p.firstTimestamp()),
                                                                time(p.lastTimestamp())))
                                        .toList()));
        html.append("<h2>Models</h2>")
                .append(
                        Html.table(
                                List.of(
                                        "name",
                                        "model",
                                        "version",
                                        "manifest SHA-256",
                                        "threshold"),
                                report.models().stream()
                                        .map(
                                                m ->
                                                        List.of(
                                                                m.servingName(),
                                                                m.modelName(),
                                                                m.modelVersion(),
                                                                m.manifestSha256(),
                                                                fmt("%.4f", m.threshold())
                                                                        + " ("
                                                                        + m.thresholdSource()
                                                                        + ")"))
                                        .toList()));
        List<List<String>> options = new ArrayList<>();
        report.options().forEach((k, v) -> options.add(List.of(k, v)));
        html.append("<h2>Options</h2>").append(Html.table(List.of("option", "value"), options));
        html.append("<h2>All windows</h2>").append(AuditTables.windowTable(report.windows()));
        Files.writeString(file, html.append("</body></html>\n"), StandardCharsets.UTF_8);
    }

    static List<SvgCharts.Series> series(List<OodRateWindow> windows) {
        Map<String, List<OodRateWindow>> byKey = new LinkedHashMap<>();
        for (OodRateWindow w : windows) {
            byKey.computeIfAbsent(
                            w.source() + " / " + w.modelName() + " " + w.modelVersion(),
                            k -> new ArrayList<>())
                    .add(w);
        }
        List<SvgCharts.Series> series = new ArrayList<>();
        byKey.forEach(
                (key, list) -> {
                    long[] times = new long[list.size()];
                    double[] rates = new double[list.size()];
                    boolean[] flagged = new boolean[list.size()];
                    for (int i = 0; i < list.size(); i++) {
                        times[i] = list.get(i).windowStart();
                        rates[i] = list.get(i).oodRate();
                        flagged[i] = list.get(i).flagged();
                    }
                    series.add(new SvgCharts.Series(key, times, rates, flagged));
                });
        return series;
    }

    static String time(Long millis) {
        return millis == null ? "" : Instant.ofEpochMilli(millis).toString();
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
