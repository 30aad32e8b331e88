package org.oodmonitor.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.annotation.PublicEvolving;
import org.oodmonitor.job.replay.ReplayResult;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.ShiftAlert;

/**
 * The difference between a baseline replay and a variant replay of the same range: the events one
 * flags and the other does not, and the OOD rate per source and window side by side. Written as
 * {@code what-if.json} and {@code what-if.html}.
 *
 * @param baseline what the baseline ran with
 * @param variant what the variant changes
 * @param flaggedByBoth events both flag
 * @param flaggedByNeither events neither flags
 * @param baselineOnly events only the baseline flags
 * @param variantOnly events only the variant flags
 * @param windows rates per source and window, side by side
 * @param baselineShifts the baseline's shift alerts
 * @param variantShifts the variant's shift alerts
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PublicEvolving
public record WhatIfComparison(
        String baseline,
        String variant,
        long flaggedByBoth,
        long flaggedByNeither,
        List<EventDifference> baselineOnly,
        List<EventDifference> variantOnly,
        List<WindowPair> windows,
        List<ShiftAlert> baselineShifts,
        List<ShiftAlert> variantShifts) {

    /** One event on which the two replays disagree. */
    public record EventDifference(
            String eventId,
            String source,
            long eventTime,
            String baselineModel,
            double baselineScore,
            double baselineThreshold,
            String variantModel,
            double variantScore,
            double variantThreshold) {}

    /** One source and window: events and OOD counts of both replays (all models summed). */
    public record WindowPair(
            String source,
            long windowStart,
            long windowEnd,
            long baselineEvents,
            long baselineOod,
            double baselineRate,
            boolean baselineFlagged,
            long variantEvents,
            long variantOod,
            double variantRate,
            boolean variantFlagged) {}

    /** Compares the two replays' scores and windows. */
    public static WhatIfComparison of(
            String baseline, String variant, ReplayResult base, ReplayResult other) {
        Map<String, OodScore> variantScores = new LinkedHashMap<>();
        other.scores().forEach(s -> variantScores.put(key(s), s));
        long both = 0;
        long neither = 0;
        List<EventDifference> baselineOnly = new ArrayList<>();
        List<EventDifference> variantOnly = new ArrayList<>();
        for (OodScore a : base.scores()) {
            OodScore b = variantScores.get(key(a));
            if (b == null) {
                continue;
            }
            if (a.isOod() && b.isOod()) {
                both++;
            } else if (!a.isOod() && !b.isOod()) {
                neither++;
            } else {
                (a.isOod() ? baselineOnly : variantOnly).add(difference(a, b));
            }
        }
        return new WhatIfComparison(
                baseline,
                variant,
                both,
                neither,
                baselineOnly,
                variantOnly,
                windows(base.windows(), other.windows()),
                base.shifts(),
                other.shifts());
    }

    public void writeJson(Path file) throws IOException {
        AuditReport.mapper().writeValue(file.toFile(), this);
    }

    private static String key(OodScore s) {
        return s.source() + '\u0000' + s.eventId() + '\u0000' + s.eventTime();
    }

    private static EventDifference difference(OodScore a, OodScore b) {
        return new EventDifference(
                a.eventId(),
                a.source(),
                a.eventTime(),
                a.modelName() + " " + a.modelVersion(),
                a.score(),
                a.threshold(),
                b.modelName() + " " + b.modelVersion(),
                b.score(),
                b.threshold());
    }

    private static List<WindowPair> windows(List<OodRateWindow> a, List<OodRateWindow> b) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, OodRateWindow> any = new TreeMap<>();
        for (int side = 0; side < 2; side++) {
            for (OodRateWindow w : side == 0 ? a : b) {
                String key = String.format("%020d|%s", w.windowStart(), w.source());
                long[] c = counts.computeIfAbsent(key, k -> new long[6]);
                c[side * 3] += w.eventCount();
                c[side * 3 + 1] += w.oodCount();
                c[side * 3 + 2] |= w.flagged() ? 1 : 0;
                any.putIfAbsent(key, w);
            }
        }
        List<WindowPair> pairs = new ArrayList<>();
        counts.forEach(
                (key, c) -> {
                    OodRateWindow w = any.get(key);
                    pairs.add(
                            new WindowPair(
                                    w.source(),
                                    w.windowStart(),
                                    w.windowEnd(),
                                    c[0],
                                    c[1],
                                    c[0] == 0 ? 0.0 : (double) c[1] / c[0],
                                    c[2] == 1,
                                    c[3],
                                    c[4],
                                    c[3] == 0 ? 0.0 : (double) c[4] / c[3],
                                    c[5] == 1));
                });
        return pairs;
    }
}
