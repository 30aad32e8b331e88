package org.oodmonitor.training.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.oodmonitor.inference.detector.AlertDetector;
import org.oodmonitor.inference.scoring.ScoreKind;
import org.oodmonitor.report.Histograms;
import org.oodmonitor.report.Html;
import org.oodmonitor.report.Svg;
import org.oodmonitor.report.SvgCharts;
import org.oodmonitor.training.metrics.OodMetrics;

/** Writes an evaluation as a self-contained HTML page with SVG ROC curves and histograms. */
public final class HtmlReport {

    private static final String[] COLORS = SvgCharts.COLORS;
    private static final int SIZE = 260;
    private static final int BINS = Histograms.BINS;

    private HtmlReport() {}

    public static void write(Path file, Evaluator.Evaluation evaluation) throws IOException {
        EvaluationReport r = evaluation.report();
        StringBuilder html = new StringBuilder(Html.page("OOD evaluation: " + r.model()));
        html.append(
                String.format(
                        Locale.ROOT,
                        "<h1>OOD evaluation of %s %s (%s)</h1><p>Test set %s: %d images, accuracy"
                                + " <b>%.4f</b>. Device %s, %.1f s. Model manifest SHA-256 %s.</p>",
                        Html.escape(r.model()),
                        Html.escape(r.modelVersion()),
                        Html.escape(r.head()),
                        Html.escape(r.testData()),
                        r.testCount(),
                        r.accuracy(),
                        Html.escape(r.device()),
                        r.seconds(),
                        Html.escape(String.valueOf(r.modelSha256()))));
        List<List<String>> rows = new ArrayList<>();
        r.ood()
                .forEach(
                        (set, byScore) ->
                                byScore.forEach((score, m) -> rows.add(row(set, score, m))));
        html.append(
                Html.table(
                        List.of(
                                "OOD set",
                                "score",
                                "AUROC",
                                "AUPR-in",
                                "AUPR-out",
                                "TNR at TPR 95%",
                                "detection accuracy"),
                        rows));
        for (ScoredSet ood : evaluation.ood()) {
            html.append("<h2>")
                    .append(Html.escape(ood.name()))
                    .append(" (")
                    .append(ood.count())
                    .append(" images)</h2><div class='charts'>");
            html.append(rocChart(evaluation.test(), ood, evaluation.detector()));
            for (ScoreKind score : ScoreKind.values()) {
                html.append(histogram(evaluation.test(), ood, score));
            }
            html.append("</div>");
        }
        html.append(Html.END);
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    private static List<String> row(String set, String score, OodMetrics m) {
        return List.of(
                set,
                score,
                fmt(m.auroc()),
                fmt(m.auprIn()),
                fmt(m.auprOut()),
                fmt(m.tnrAtTpr95()),
                fmt(m.detectionAccuracy()));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /**
     * ROC curves (FPR on x, TPR on y) of every score and of the alert detector if there is one,
     * in-distribution as positive.
     */
    private static String rocChart(ScoredSet test, ScoredSet ood, AlertDetector detector) {
        Svg svg = canvas("ROC (x: FPR, y: TPR)");
        svg.line(x(0), y(0), x(1), y(1), "#bbb");
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
        return svg.toString();
    }

    private static void curve(Svg svg, String name, int index, double[] in, double[] out) {
        double[] thresholds = merged(in, out);
        double[] xs = new double[202];
        double[] ys = new double[202];
        for (int i = 0; i <= 200; i++) {
            double t = thresholds[(int) ((long) i * (thresholds.length - 1) / 200)];
            xs[i] = x(fractionAtLeast(out, t));
            ys[i] = y(fractionAtLeast(in, t));
        }
        xs[201] = x(0);
        ys[201] = y(0);
        svg.polyline(xs, ys, COLORS[index], 2);
        legend(svg, name, COLORS[index], index);
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
        Svg svg =
                canvas(
                        String.format(
                                Locale.ROOT, "%s histogram [%.3g, %.3g]", score.key(), lo, hi));
        double width = (SIZE - 20.0) / BINS;
        for (int b = 0; b < BINS; b++) {
            // The palette's two hues, translucent so that overlapping bars both show.
            bar(svg, 10 + b * width, hin[b] / max, width, "rgba(31,119,180,0.55)");
            bar(svg, 10 + b * width, hout[b] / max, width, "rgba(214,39,40,0.55)");
        }
        legend(svg, "in-distribution", SvgCharts.IN_DISTRIBUTION_COLOR, 0);
        legend(svg, "OOD", SvgCharts.OOD_COLOR, 1);
        return svg.toString();
    }

    /** The share of {@code values} in each bin. */
    private static double[] bins(double[] values, double lo, double hi) {
        long[] counts = Histograms.counts(values, lo, hi);
        double[] h = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            h[b] = (double) counts[b] / values.length;
        }
        return h;
    }

    private static Svg canvas(String title) {
        return new Svg(SIZE, SIZE + 20, title).text(10, 14, 12, "start", "#111", title);
    }

    /** A bar from the bottom, {@code height} as a fraction of the plot's height. */
    private static void bar(Svg svg, double left, double height, double width, String color) {
        double h = height * (SIZE - 40);
        svg.rect(left, SIZE - h, width, h, color);
    }

    private static void legend(Svg svg, String text, String color, int index) {
        int top = 30 + 14 * index;
        svg.rect(SIZE - 110, top, 10, 10, color)
                .text(SIZE - 96, top + 9, 11, "start", "#111", text);
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
}
