package org.oodmonitor.job.replay;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The two charts of the replay pages, as inline SVG: rates over time and a score histogram. */
final class SvgCharts {

    static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b"};
    private static final int WIDTH = 720;
    private static final int HEIGHT = 260;
    private static final int LEFT = 50;
    private static final int BOTTOM = 30;

    /**
     * One line of a rate chart.
     *
     * @param times x values, epoch milliseconds
     * @param rates y values in [0, 1]
     * @param marked points drawn as red dots (flagged windows)
     */
    record Series(String label, long[] times, double[] rates, boolean[] marked) {}

    private SvgCharts() {}

    /** Rates over time, one line per series, with a dashed reference rate when not null. */
    static String rateChart(String title, List<Series> series, Double reference) {
        long t0 = Long.MAX_VALUE;
        long t1 = Long.MIN_VALUE;
        double top = reference == null ? 0.1 : reference * 2;
        for (Series s : series) {
            for (int i = 0; i < s.times().length; i++) {
                t0 = Math.min(t0, s.times()[i]);
                t1 = Math.max(t1, s.times()[i]);
                top = Math.max(top, s.rates()[i]);
            }
        }
        if (t0 > t1) {
            return "<p>No windows.</p>";
        }
        double yMax = Math.min(1.0, top * 1.1);
        long span = Math.max(1, t1 - t0);
        StringBuilder svg = start(title);
        axes(svg, Instant.ofEpochMilli(t0) + "", Instant.ofEpochMilli(t1) + "", yMax);
        if (reference != null) {
            double y = y(reference, yMax);
            svg.append(
                    fmt(
                            "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#888'"
                                    + " stroke-dasharray='4 3'/>",
                            LEFT, y, WIDTH - 10, y));
        }
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String color = COLORS[k % COLORS.length];
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.times().length; i++) {
                points.append(fmt("%.1f,%.1f ", x(s.times()[i] - t0, span), y(s.rates()[i], yMax)));
            }
            svg.append(
                    fmt(
                            "<polyline fill='none' stroke='%s' stroke-width='1.5' points='%s'/>",
                            color, points.toString().strip()));
            for (int i = 0; i < s.times().length; i++) {
                if (s.marked()[i]) {
                    svg.append(
                            fmt(
                                    "<circle cx='%.1f' cy='%.1f' r='3.5' fill='#d62728'/>",
                                    x(s.times()[i] - t0, span), y(s.rates()[i], yMax)));
                }
            }
            svg.append(
                    fmt(
                            "<text x='%d' y='%d' fill='%s' font-size='11'>%s</text>",
                            LEFT + 10, 15 + 14 * k, color, escape(s.label())));
        }
        return svg.append("</svg>").toString();
    }

    /** Stacked histogram of in-distribution and OOD counts with the threshold as a red line. */
    static String histogram(
            String title,
            List<Long> inDistribution,
            List<Long> ood,
            double low,
            double high,
            double threshold) {
        int bins = inDistribution.size();
        long max = 1;
        for (int i = 0; i < bins; i++) {
            max = Math.max(max, inDistribution.get(i) + ood.get(i));
        }
        StringBuilder svg = start(title);
        axes(svg, fmt("%.3f", low), fmt("%.3f", high), max);
        double barWidth = (WIDTH - 10 - LEFT) / (double) bins;
        for (int i = 0; i < bins; i++) {
            double inTop = y(inDistribution.get(i), max);
            double oodTop = y(inDistribution.get(i) + ood.get(i), max);
            double left = LEFT + i * barWidth;
            svg.append(bar(left, inTop, barWidth, HEIGHT - BOTTOM - inTop, "#1f77b4"));
            svg.append(bar(left, oodTop, barWidth, inTop - oodTop, "#d62728"));
        }
        double tx = LEFT + (threshold - low) / Math.max(1e-12, high - low) * (WIDTH - 10 - LEFT);
        svg.append(
                fmt(
                        "<line x1='%.1f' y1='10' x2='%.1f' y2='%d' stroke='#d62728'"
                                + " stroke-dasharray='4 3'/>",
                        tx, tx, HEIGHT - BOTTOM));
        return svg.append("</svg>").toString();
    }

    static String escape(String s) {
        return s == null
                ? ""
                : s.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("'", "&#39;");
    }

    private static StringBuilder start(String title) {
        return new StringBuilder(
                fmt(
                        "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d'"
                                + " role='img' aria-label='%s'>",
                        WIDTH, HEIGHT, escape(title)));
    }

    private static void axes(StringBuilder svg, String xLow, String xHigh, double yMax) {
        int base = HEIGHT - BOTTOM;
        svg.append(
                        fmt(
                                "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/>",
                                LEFT, base, WIDTH - 10, base))
                .append(
                        fmt(
                                "<line x1='%d' y1='10' x2='%d' y2='%d' stroke='#333'/>",
                                LEFT, LEFT, base))
                .append(fmt("<text x='%d' y='%d' font-size='10'>%s</text>", LEFT, base + 14, xLow))
                .append(
                        fmt(
                                "<text x='%d' y='%d' font-size='10' text-anchor='end'>%s</text>",
                                WIDTH - 10, base + 14, xHigh))
                .append(
                        fmt(
                                "<text x='%d' y='16' font-size='10' text-anchor='end'>%s</text>",
                                LEFT - 4,
                                yMax == Math.rint(yMax) ? fmt("%.0f", yMax) : fmt("%.2f", yMax)))
                .append(
                        fmt(
                                "<text x='%d' y='%d' font-size='10' text-anchor='end'>0</text>",
                                LEFT - 4, base));
    }

    private static String bar(double left, double top, double width, double height, String color) {
        return height <= 0
                ? ""
                : fmt(
                        "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'/>",
                        left, top, Math.max(0.5, width - 1), height, color);
    }

    private static double x(long offset, long span) {
        return LEFT + (double) offset / span * (WIDTH - 10 - LEFT);
    }

    private static double y(double value, double max) {
        return HEIGHT - BOTTOM - value / max * (HEIGHT - BOTTOM - 10);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
