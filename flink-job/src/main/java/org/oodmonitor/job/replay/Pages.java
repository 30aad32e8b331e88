package org.oodmonitor.job.replay;

import java.util.List;

/** The page frame and tables shared by the replay's HTML pages. */
final class Pages {

    private Pages() {}

    static String head(String title) {
        return "<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
                + SvgCharts.escape(title)
                + "</title><style>body{font-family:sans-serif;margin:2em;max-width:1100px}"
                + "table{border-collapse:collapse;font-size:13px;margin-bottom:1em}"
                + "td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}"
                + "th{background:#f3f3f3}</style></head><body>";
    }

    /** A table with a header row; every cell is escaped. */
    static String table(List<String> header, List<List<String>> rows) {
        if (rows.isEmpty()) {
            return "<p>None.</p>";
        }
        StringBuilder html = new StringBuilder("<table><tr>");
        header.forEach(h -> html.append("<th>").append(SvgCharts.escape(h)).append("</th>"));
        html.append("</tr>");
        for (List<String> row : rows) {
            html.append("<tr>");
            row.forEach(c -> html.append("<td>").append(SvgCharts.escape(c)).append("</td>"));
            html.append("</tr>");
        }
        return html.append("</table>").toString();
    }
}
