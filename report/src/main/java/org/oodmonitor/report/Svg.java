package org.oodmonitor.report;

import java.util.Locale;

/**
 * A small inline SVG canvas with the few elements the reports draw; coordinates are written to 0.1
 * px (so the same chart gives the same bytes) and every text is escaped.
 */
public final class Svg {

    private final StringBuilder out = new StringBuilder();

    /**
     * @param label what the image shows, for screen readers
     */
    public Svg(int width, int height, String label) {
        out.append(
                fmt(
                        "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' role='img'"
                                + " aria-label='%s'>",
                        width, height, Html.escape(label)));
    }

    /** A filled rectangle; nothing when it has no height. */
    public Svg rect(double x, double y, double width, double height, String fill) {
        if (height > 0) {
            out.append(
                    fmt(
                            "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'/>",
                            x, y, width, height, fill));
        }
        return this;
    }

    public Svg line(double x1, double y1, double x2, double y2, String stroke) {
        return line(x1, y1, x2, y2, stroke, "");
    }

    public Svg dashedLine(double x1, double y1, double x2, double y2, String stroke) {
        return line(x1, y1, x2, y2, stroke, " stroke-dasharray='4 3'");
    }

    private Svg line(double x1, double y1, double x2, double y2, String stroke, String extra) {
        out.append(
                fmt(
                        "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='%s'%s/>",
                        x1, y1, x2, y2, stroke, extra));
        return this;
    }

    /** An open line through the points {@code (xs[i], ys[i])}. */
    public Svg polyline(double[] xs, double[] ys, String stroke, double strokeWidth) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            points.append(i == 0 ? "" : " ").append(fmt("%.1f,%.1f", xs[i], ys[i]));
        }
        out.append(
                fmt(
                        "<polyline fill='none' stroke='%s' stroke-width='%.1f' points='%s'/>",
                        stroke, strokeWidth, points));
        return this;
    }

    public Svg circle(double cx, double cy, double r, String fill) {
        out.append(fmt("<circle cx='%.1f' cy='%.1f' r='%.1f' fill='%s'/>", cx, cy, r, fill));
        return this;
    }

    /**
     * @param anchor {@code start}, {@code middle} or {@code end}
     */
    public Svg text(double x, double y, int fontSize, String anchor, String fill, String text) {
        out.append(
                fmt(
                        "<text x='%.1f' y='%.1f' font-size='%d' text-anchor='%s'"
                                + " fill='%s'>%s</text>",
                        x, y, fontSize, anchor, fill, Html.escape(text)));
        return this;
    }

    /** The finished element. */
    @Override
    public String toString() {
        return out + "</svg>";
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
