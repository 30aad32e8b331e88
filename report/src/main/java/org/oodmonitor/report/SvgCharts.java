package org.oodmonitor.report;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The charts of the reports, as inline SVG: rates over time and a score histogram. */
public final class SvgCharts {

    /** In-distribution events in every chart. */
    public static final String IN_DISTRIBUTION_COLOR = "#1f77b4";

    /** OOD events, thresholds and flagged points in every chart. */
    public static final String OOD_COLOR = "#d62728";

    /** The palette of every report: one colour per series, in order. */
    public static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b"};

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
    public record Series(String label, long[] times, double[] rates, boolean[] marked) {}

    private SvgCharts() {}

    /** Rates over time, one line per series, with a dashed reference rate when not null. */
    public static String rateChart(String title, List<Series> series, Double reference) {
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
        Svg svg = axes(title, Instant.ofEpochMilli(t0) + "", Instant.ofEpochMilli(t1) + "", yMax);
        if (reference != null) {
            double y = y(reference, yMax);
            svg.dashedLine(LEFT, y, WIDTH - 10, y, "#888");
        }
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String color = COLORS[k % COLORS.length];
            double[] xs = new double[s.times().length];
            double[] ys = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = x(s.times()[i] - t0, span);
                ys[i] = y(s.rates()[i], yMax);
            }
            svg.polyline(xs, ys, color, 1.5);
            for (int i = 0; i < xs.length; i++) {
                if (s.marked()[i]) {
                    svg.circle(xs[i], ys[i], 3.5, OOD_COLOR);
                }
            }
            svg.text(LEFT + 10, 15 + 14 * k, 11, "start", color, s.label());
        }
        return svg.toString();
    }

    /** Stacked histogram of in-distribution and OOD counts with the threshold as a red line. */
    public static String histogram(
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
        Svg svg = axes(title, fmt("%.3f", low), fmt("%.3f", high), max);
        double barWidth = (WIDTH - 10 - LEFT) / (double) bins;
        double width = Math.max(0.5, barWidth - 1);
        for (int i = 0; i < bins; i++) {
            double inTop = y(inDistribution.get(i), max);
            double oodTop = y(inDistribution.get(i) + ood.get(i), max);
            double left = LEFT + i * barWidth;
            svg.rect(left, inTop, width, HEIGHT - BOTTOM - inTop, IN_DISTRIBUTION_COLOR);
            svg.rect(left, oodTop, width, inTop - oodTop, OOD_COLOR);
        }
        double tx = LEFT + (threshold - low) / Math.max(1e-12, high - low) * (WIDTH - 10 - LEFT);
        svg.dashedLine(tx, 10, tx, HEIGHT - BOTTOM, OOD_COLOR);
        return svg.toString();
    }

    private static Svg axes(String title, String xLow, String xHigh, double yMax) {
        int base = HEIGHT - BOTTOM;
        return new Svg(WIDTH, HEIGHT, title)
                .line(LEFT, base, WIDTH - 10, base, "#333")
                .line(LEFT, 10, LEFT, base, "#333")
                .text(LEFT, base + 14, 10, "start", "#333", xLow)
                .text(WIDTH - 10, base + 14, 10, "end", "#333", xHigh)
                .text(
                        LEFT - 4,
                        16,
                        10,
                        "end",
                        "#333",
                        yMax == Math.rint(yMax) ? fmt("%.0f", yMax) : fmt("%.2f", yMax))
                .text(LEFT - 4, base, 10, "end", "#333", "0");
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
