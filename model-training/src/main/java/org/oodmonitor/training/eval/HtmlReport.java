package org.oodmonitor.training.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.oodmonitor.inference.detector.AlertDetector;
import org.oodmonitor.inference.scoring.ScoreKind;
import org.oodmonitor.training.metrics.OodMetrics;

/** Writes an evaluation as a self-contained HTML page with SVG ROC curves and histograms. */
public final class HtmlReport {

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#111111"};
    private static final int SIZE = 260;
    private static final int BINS = 40;

    private HtmlReport() {}

    public static void write(Path file, Evaluator.Evaluation evaluation) throws IOException {
        EvaluationReport r = evaluation.report();
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>OOD evaluation: ")
                .append(escape(r.model()))
                .append(
                        "</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append(
                        "td,th{border:1px solid #ccc;padding:4px"
                                + " 8px;text-align:right}th{background:#f4f4f4}")
                .append(
                        ".charts{display:flex;gap:24px;flex-wrap:wrap}svg{background:#fafafa;border:1px"
                            + " solid #ddd}</style></head><body>");
        html.append(
                String.format(
                        Locale.ROOT,
                        "<h1>OOD evaluation of %s %s (%s)</h1><p>Test set %s: %d images, accuracy"
                                + " <b>%.4f</b>. Device %s, %.1f s. Model manifest SHA-256 %s.</p>",
                        escape(r.model()),
                        escape(r.modelVersion()),
                        escape(r.head()),
                        escape(r.testData()),
                        r.testCount(),
                        r.accuracy(),
                        escape(r.device()),
                        r.seconds(),
                        escape(String.valueOf(r.modelSha256()))));
        html.append(
                "<table><tr><th>OOD"
                    + " set</th><th>score</th><th>AUROC</th><th>AUPR-in</th><th>AUPR-out</th><th>TNR"
                    + " at TPR 95%</th><th>detection accuracy</th></tr>");
        r.ood()
                .forEach(
                        (set, byScore) ->
                                byScore.forEach((score, m) -> html.append(row(set, score, m))));
        html.append("</table>");
        for (ScoredSet ood : evaluation.ood()) {
            html.append("<h2>")
                    .append(escape(ood.name()))
                    .append(" (")
                    .append(ood.count())
                    .append(" images)</h2><div class=\"charts\">");
            html.append(rocChart(evaluation.test(), ood, evaluation.detector()));
            for (ScoreKind score : ScoreKind.values()) {
                html.append(histogram(evaluation.test(), ood, score));
            }
            html.append("</div>");
        }
        html.append("</body></html>\n");
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    private static String row(String set, String score, OodMetrics m) {
        return String.format(
                Locale.ROOT,
                "<tr><td>%s</td><td>%s</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%.4f</td></tr>",
                escape(set),
                score,
                m.auroc(),
                m.auprIn(),
                m.auprOut(),
                m.tnrAtTpr95(),
                m.detectionAccuracy());
    }

    /**
     * ROC curves (FPR on x, TPR on y) of every score and of the alert detector if there is one,
     * in-distribution as positive.
     */
    private static String rocChart(ScoredSet test, ScoredSet ood, AlertDetector detector) {
        StringBuilder svg = svgStart("ROC (x: FPR, y: TPR)");
        svg.append(line(0, 1, 1, 0, "#bbb"));
        for (ScoreKind score : ScoreKind.values()) {
            curve(svg, score.key(), score.ordinal(), test.scores(score), ood.scores(score));
        }
        if (detector != null) {
            curve(
                    svg,
                    Evaluator.ALERT,
                    ScoreKind.values().length,
                    test.alertScores(detector),
                    ood.alertScores(detector));
        }
        return svg.append("</svg>").toString();
    }

    private static void curve(
            StringBuilder svg, String name, int index, double[] in, double[] out) {
        double[] thresholds = merged(in, out);
        StringBuilder points = new StringBuilder();
        for (int i = 0; i <= 200; i++) {
            double t = thresholds[(int) ((long) i * (thresholds.length - 1) / 200)];
            double tpr = fractionAtLeast(in, t);
            double fpr = fractionAtLeast(out, t);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(fpr), y(tpr)));
        }
        points.append(String.format(Locale.ROOT, "%.1f,%.1f", x(0), y(0)));
        svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
                .append(COLORS[index])
                .append("\" points=\"")
                .append(points)
                .append("\"/>");
        svg.append(legend(name, COLORS[index], index));
    }

    /** Score histograms of the in-distribution test set (blue) and the OOD set (red). */
    private static String histogram(ScoredSet test, ScoredSet ood, ScoreKind score) {
        double[] in = test.scores(score);
        double[] out = ood.scores(score);
        double[] all = merged(in, out);
        double lo = all[0];
        double hi = all[all.length - 1] + 1e-12;
        double[] hin = bins(in, lo, hi);
        double[] hout = bins(out, lo, hi);
        double max = 1e-12;
        for (int b = 0; b < BINS; b++) {
            max = Math.max(max, Math.max(hin[b], hout[b]));
        }
        StringBuilder svg =
                svgStart(
                        String.format(
                                Locale.ROOT, "%s histogram [%.3g, %.3g]", score.key(), lo, hi));
        double width = (SIZE - 20.0) / BINS;
        for (int b = 0; b < BINS; b++) {
            svg.append(bar(10 + b * width, hin[b] / max, width, "rgba(31,119,180,0.55)"));
            svg.append(bar(10 + b * width, hout[b] / max, width, "rgba(214,39,40,0.55)"));
        }
        svg.append(legend("in-distribution", COLORS[0], 0)).append(legend("OOD", COLORS[1], 1));
        return svg.append("</svg>").toString();
    }

    private static double[] bins(double[] values, double lo, double hi) {
        double[] h = new double[BINS];
        for (double v : values) {
            int b = (int) Math.min(BINS - 1, Math.floor((v - lo) / (hi - lo) * BINS));
            h[b] += 1.0 / values.length;
        }
        return h;
    }

    private static StringBuilder svgStart(String title) {
        return new StringBuilder(
                String.format(
                        Locale.ROOT,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\"><text"
                                + " x=\"10\" y=\"14\" font-size=\"12\">%s</text>",
                        SIZE,
                        SIZE + 20,
                        escape(title)));
    }

    private static String bar(double left, double height, double width, String color) {
        double h = height * (SIZE - 40);
        return String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                left,
                SIZE - h,
                width,
                h,
                color);
    }

    private static String line(double x1, double y1, double x2, double y2, String color) {
        return String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
                x(x1),
                y(1 - y1),
                x(x2),
                y(1 - y2),
                color);
    }

    private static String legend(String text, String color, int index) {
        int top = 30 + 14 * index;
        return String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\""
                        + " y=\"%d\" font-size=\"11\">%s</text>",
                SIZE - 110,
                top,
                color,
                SIZE - 96,
                top + 9,
                escape(text));
    }

    private static double x(double fpr) {
        return 10 + fpr * (SIZE - 20);
    }

    private static double y(double tpr) {
        return SIZE - (tpr * (SIZE - 40));
    }

    private static double[] merged(double[] a, double[] b) {
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        java.util.Arrays.sort(all);
        return all;
    }

    private static double fractionAtLeast(double[] values, double t) {
        int n = 0;
        for (double v : values) {
            if (v >= t) {
                n++;
            }
        }
        return (double) n / values.length;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
