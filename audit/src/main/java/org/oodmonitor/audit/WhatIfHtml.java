package org.oodmonitor.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.oodmonitor.report.Html;
import org.oodmonitor.report.SvgCharts;
import org.oodmonitor.schemas.ShiftAlert;

/** Writes a {@link WhatIfComparison} as an HTML page: rates side by side and differing events. */
final class WhatIfHtml {

    /** Rows per table of differing events; the JSON has them all. */
    static final int MAX_ROWS = 200;

    private WhatIfHtml() {}

    private static List<List<String>> shiftRows(WhatIfComparison c) {
        List<List<String>> rows = new java.util.ArrayList<>();
        for (int side = 0; side < 2; side++) {
            String name = side == 0 ? "baseline" : "variant";
            List<ShiftAlert> alerts = side == 0 ? c.baselineShifts() : c.variantShifts();
            if (alerts == null) {
                continue;
            }
            for (ShiftAlert a : alerts) {
                rows.add(
                        List.of(
                                name,
                                a.source(),
                                a.modelName() + " " + a.modelVersion(),
                                AuditReportHtml.time(a.detectedAt()),
                                AuditReportHtml.time(a.changePoint())));
            }
        }
        return rows;
    }

    static void write(Path file, WhatIfComparison c) throws IOException {
        StringBuilder html = new StringBuilder(Html.page("OOD monitor what-if replay"));
        html.append("<h1>What-if replay</h1>")
                .append("<p>Baseline: " + Html.escape(c.baseline()) + "<br>")
                .append("Variant: " + Html.escape(c.variant()) + "</p>")
                .append(
                        Html.table(
                                List.of(
                                        "flagged by both",
                                        "baseline only",
                                        "variant only",
                                        "neither"),
                                List.of(
                                        List.of(
                                                "" + c.flaggedByBoth(),
                                                "" + c.baselineOnly().size(),
                                                "" + c.variantOnly().size(),
                                                "" + c.flaggedByNeither()))));
        html.append("<h2>OOD rate per window</h2>")
                .append(SvgCharts.rateChart("OOD rate, baseline and variant", series(c), null))
                .append("<p>Red dots: flagged windows.</p>");
        html.append("<h2>Shift alerts</h2>")
                .append(
                        Html.table(
                                List.of("replay", "source", "model", "detected", "change point"),
                                shiftRows(c)));
        html.append("<h2>Flagged by the baseline only</h2>").append(events(c.baselineOnly()));
        html.append("<h2>Flagged by the variant only</h2>").append(events(c.variantOnly()));
        html.append("<h2>Windows side by side</h2>")
                .append(
                        Html.table(
                                List.of(
                                        "source",
                                        "start",
                                        "events",
                                        "baseline OOD",
                                        "baseline rate",
                                        "variant OOD",
                                        "variant rate",
                                        "flagged (baseline / variant)"),
                                c.windows().stream()
                                        .map(
                                                w ->
                                                        List.of(
                                                                w.source(),
                                                                AuditReportHtml.time(
                                                                        w.windowStart()),
                                                                w.baselineEvents()
                                                                        + " / "
                                                                        + w.variantEvents(),
                                                                "" + w.baselineOod(),
                                                                fmt("%.3f", w.baselineRate()),
                                                                "" + w.variantOod(),
                                                                fmt("%.3f", w.variantRate()),
                                                                w.baselineFlagged()
                                                                        + " / "
                                                                        + w.variantFlagged()))
                                        .toList()));
        Files.writeString(file, html.append("</body></html>\n"), StandardCharsets.UTF_8);
    }

    private static List<SvgCharts.Series> series(WhatIfComparison c) {
        Map<String, List<WhatIfComparison.WindowPair>> bySource = new LinkedHashMap<>();
        c.windows()
                .forEach(w -> bySource.computeIfAbsent(w.source(), k -> new ArrayList<>()).add(w));
        List<SvgCharts.Series> series = new ArrayList<>();
        bySource.forEach(
                (source, list) -> {
                    for (boolean baseline : new boolean[] {true, false}) {
                        long[] t = new long[list.size()];
                        double[] r = new double[list.size()];
                        boolean[] f = new boolean[list.size()];
                        for (int i = 0; i < list.size(); i++) {
                            var w = list.get(i);
                            t[i] = w.windowStart();
                            r[i] = baseline ? w.baselineRate() : w.variantRate();
                            f[i] = baseline ? w.baselineFlagged() : w.variantFlagged();
                        }
                        series.add(
                                new SvgCharts.Series(
                                        source + (baseline ? " baseline" : " variant"), t, r, f));
                    }
                });
        return series;
    }

    private static String events(List<WhatIfComparison.EventDifference> events) {
        String table =
                Html.table(
                        List.of(
                                "event",
                                "source",
                                "event time",
                                "baseline score / threshold",
                                "variant score / threshold"),
                        events.stream()
                                .limit(MAX_ROWS)
                                .map(
                                        e ->
                                                List.of(
                                                        e.eventId(),
                                                        e.source(),
                                                        AuditReportHtml.time(e.eventTime()),
                                                        fmt(
                                                                "%.4f / %.4f",
                                                                e.baselineScore(),
                                                                e.baselineThreshold()),
                                                        fmt(
                                                                "%.4f / %.4f",
                                                                e.variantScore(),
                                                                e.variantThreshold())))
                                .toList());
        return events.size() > MAX_ROWS
                ? table
                        + "<p>First "
                        + MAX_ROWS
                        + " of "
                        + events.size()
                        + "; all in what-if.json.</p>"
                : table;
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
