package org.oodmonitor.job.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;

/** Computes an {@link AuditReport} from what a replay read and produced. */
final class AuditReportBuilder {

    static final int TOP_ALERTS = 20;
    static final int BINS = 40;

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
            ReplayResult result) {
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
                histograms(result.scores()));
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
            double width = high > low ? (high - low) / BINS : 1.0;
            long[] in = new long[BINS];
            long[] out = new long[BINS];
            for (OodScore s : group) {
                int bin = (int) Math.min(BINS - 1, Math.floor((s.score() - low) / width));
                (s.isOod() ? out : in)[bin]++;
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
