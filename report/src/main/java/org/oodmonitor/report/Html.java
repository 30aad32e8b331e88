package org.oodmonitor.report;

import java.util.List;

/** HTML pieces of the project's self-contained reports: escaping, the page frame and tables. */
public final class Html {

    /** Closes what {@link #page} opens. */
    public static final String END = "</body></html>\n";

    private static final String STYLE =
            "body{font-family:sans-serif;margin:2em;max-width:1100px}"
                    + "table{border-collapse:collapse;font-size:13px;margin-bottom:1em}"
                    + "td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}"
                    + "th{background:#f3f3f3}"
                    + ".charts{display:flex;gap:24px;flex-wrap:wrap}";

    private Html() {}

    /** Text safe in element content and in quoted attributes; null becomes empty. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /** The start of a page, up to and including {@code <body>}, with the reports' style. */
    public static String page(String title) {
        return "<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
                + escape(title)
                + "</title><style>"
                + STYLE
                + "</style></head><body>";
    }

    /** A table with a header row, every cell escaped; "None." when there are no rows. */
    public static String table(List<String> header, List<List<String>> rows) {
        if (rows.isEmpty()) {
            return "<p>None.</p>";
        }
        StringBuilder html = new StringBuilder("<table><tr>");
        header.forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
        html.append("</tr>");
        for (List<String> row : rows) {
            html.append("<tr>");
            row.forEach(c -> html.append("<td>").append(escape(c)).append("</td>"));
            html.append("</tr>");
        }
        return html.append("</table>").toString();
    }
}
