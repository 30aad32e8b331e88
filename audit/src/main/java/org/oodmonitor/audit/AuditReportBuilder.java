package org.oodmonitor.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.oodmonitor.job.replay.OffsetRange;
import org.oodmonitor.job.replay.ReplayInput;
import org.oodmonitor.job.replay.ReplayResult;
import org.oodmonitor.job.scoring.ScoringPlatform;
import org.oodmonitor.report.Histograms;
import org.oodmonitor.schemas.ModelCommand;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;

/** Computes an {@link AuditReport} from what a replay read and produced. */
final class AuditReportBuilder {

    static final int TOP_ALERTS = 20;
    static final int BINS = Histograms.BINS;

    /**
     * Relative distance to the threshold within which a verdict counts as borderline: float32
     * results of another CPU's kernels differ by a few units in the last place (about 1e-7
     * relative), and through a network a few hundred times that at most.
     */
    static final double RELATIVE_TOLERANCE = 1e-4;

    private AuditReportBuilder() {}

    /**
     * @param timestamps first and last record timestamp per range, as {@link RangeTimestamps} reads
     *     them
     */
    static AuditReport build(
            ReplayInput input,
            Map<OffsetRange, Long[]> timestamps,
            List<AuditReport.Model> models,
            Map<String, String> options,
            ScoringPlatform platform,
            ReplayResult result,
            AuditReport.LiveComparison live,
            List<ModelCommand> commands) {
        List<AuditReport.Partition> partitions = new ArrayList<>();
        for (OffsetRange range : input.all()) {
            Long[] ts = timestamps.getOrDefault(range, new Long[] {null, null});
            partitions.add(
                    new AuditReport.Partition(
                            input.images().contains(range) ? "images" : "features",
                            range.partition().topic(),
                            range.partition().partition(),
                            range.start(),
                            range.end(),
                            ts[0],
                            ts[1]));
        }
        List<OodScore> alerts = result.alerts();
        List<OodRateWindow> flagged =
                result.windows().stream().filter(OodRateWindow::flagged).toList();
        Map<String, Long> byCode = new TreeMap<>();
        result.deadLetters().forEach(d -> byCode.merge(d.errorCode().name(), 1L, Long::sum));
        long scored = result.scores().size();
        AuditReport.Totals totals =
                new AuditReport.Totals(
                        result.records(),
                        scored,
                        alerts.size(),
                        scored == 0 ? 0.0 : (double) alerts.size() / scored,
                        result.deadLetters().size(),
                        byCode,
                        result.lateEvents(),
                        result.windows().size(),
                        flagged.size());
        List<OodScore> top =
                alerts.stream()
                        .sorted(
                                Comparator.comparingDouble(OodScore::score)
                                        .thenComparing(ReplayResult.SCORE_ORDER))
                        .limit(TOP_ALERTS)
                        .toList();
        return new AuditReport(
                AuditReport.VERSION,
                input.from(),
                input.to(),
                partitions,
                models,
                options,
                totals,
                result.windows(),
                flagged,
                top,
                histograms(result.scores()),
                new AuditReport.Scoring(
                        platform.describe(),
                        platform.inferenceThreads(),
                        RELATIVE_TOLERANCE,
                        borderline(result.scores()),
                        live),
                result.shifts(),
                modelChanges(commands, result),
                result.quality().isEmpty() ? null : result.quality());
    }

    /**
     * The commands that took effect at or before the replay's last event: the ones that decided
     * which versions scored its events. All of them when nothing was scored.
     */
    static List<ModelCommand> modelChanges(List<ModelCommand> commands, ReplayResult result) {
        long last =
                result.scores().stream()
                        .mapToLong(OodScore::eventTime)
                        .max()
                        .orElse(Long.MAX_VALUE);
        return commands.stream().filter(c -> c.effectiveFrom() <= last).toList();
    }

    /** Whether {@code value} lies within the relative tolerance of {@code threshold}. */
    static boolean withinTolerance(double value, double threshold) {
        return Math.abs(value - threshold)
                <= RELATIVE_TOLERANCE * Math.max(Math.abs(threshold), Double.MIN_NORMAL);
    }

    /** The value a verdict compares: the alert score with an alert detector, else the score. */
    static double decisionValue(OodScore s) {
        return s.alertScore() != null && s.alertThreshold() != null ? s.alertScore() : s.score();
    }

    /** What {@link #decisionValue} is compared with. */
    static double decisionThreshold(OodScore s) {
        return s.alertScore() != null && s.alertThreshold() != null
                ? s.alertThreshold()
                : s.threshold();
    }

    /** The scores whose decision value lies within the tolerance of its threshold. */
    static List<AuditReport.Borderline> borderline(List<OodScore> scores) {
        List<AuditReport.Borderline> near = new ArrayList<>();
        for (OodScore s : scores) {
            double value = decisionValue(s);
            double threshold = decisionThreshold(s);
            if (withinTolerance(value, threshold)) {
                near.add(
                        new AuditReport.Borderline(
                                s.eventId(),
                                s.source(),
                                s.modelName(),
                                s.eventTime(),
                                value,
                                threshold,
                                s.isOod()));
            }
        }
        near.sort(
                Comparator.comparingDouble(
                                (AuditReport.Borderline b) ->
                                        Math.abs(b.value() - b.threshold())
                                                / Math.max(
                                                        Math.abs(b.threshold()), Double.MIN_NORMAL))
                        .thenComparing(AuditReport.Borderline::eventId));
        return near;
    }

    private static List<AuditReport.Histogram> histograms(List<OodScore> scores) {
        Map<String, List<OodScore>> byModel = new LinkedHashMap<>();
        scores.stream()
                .sorted(
                        Comparator.comparing(OodScore::modelName)
                                .thenComparing(OodScore::modelVersion))
                .forEach(
                        s ->
                                byModel.computeIfAbsent(
                                                s.modelName() + " " + s.modelVersion(),
                                                k -> new ArrayList<>())
                                        .add(s));
        List<AuditReport.Histogram> histograms = new ArrayList<>();
        for (List<OodScore> group : byModel.values()) {
            OodScore any = group.get(0);
            double threshold = any.threshold();
            double low = threshold;
            double high = threshold;
            for (OodScore s : group) {
                low = Math.min(low, s.score());
                high = Math.max(high, s.score());
            }
            double width = Histograms.width(low, high);
            long[] in = new long[BINS];
            long[] out = new long[BINS];
            for (OodScore s : group) {
                (s.isOod() ? out : in)[Histograms.bin(s.score(), low, high)]++;
            }
            histograms.add(
                    new AuditReport.Histogram(
                            any.modelName(),
                            any.modelVersion(),
                            threshold,
                            low,
                            low + BINS * width,
                            toList(in),
                            toList(out)));
        }
        return histograms;
    }

    private static List<Long> toList(long[] values) {
        List<Long> list = new ArrayList<>();
        for (long v : values) {
            list.add(v);
        }
        return list;
    }
}
