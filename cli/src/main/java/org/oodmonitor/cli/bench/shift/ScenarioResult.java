package org.oodmonitor.cli.bench.shift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.ShiftAlert;
import org.oodmonitor.schemas.ShiftTest;

/**
 * What the monitor said about one scenario.
 *
 * @param scenario the scenario's name
 * @param description what changes
 * @param windows windows of the scenario
 * @param cleanWindows windows wholly before its change (all of them without one)
 * @param cleanFlagged of those, flagged for any reason (OOD-rate or shift tests)
 * @param cleanShiftFlagged of those, flagged by a shift test
 * @param falseShiftAlerts shift alerts before the change (all of them without one)
 * @param flagDelayEvents events from the change to the end of the first flagged window after it, or
 *     -1 when none was flagged
 * @param flagTests the shift tests that fired in that window, or the OOD-rate test
 * @param alertDelayEvents events from the change to the first shift alert after it, or -1
 * @param alertChangePointSeconds that alert's estimated change point, seconds after the start
 * @param rateBefore the OOD rate of the windows before the change
 * @param rateAfter the OOD rate of the windows after it (while it lasts)
 */
record ScenarioResult(
        String scenario,
        String description,
        int windows,
        int cleanWindows,
        int cleanFlagged,
        int cleanShiftFlagged,
        int falseShiftAlerts,
        long flagDelayEvents,
        String flagTests,
        long alertDelayEvents,
        double alertChangePointSeconds,
        double rateBefore,
        double rateAfter) {

    static ScenarioResult of(
            ShiftScenario scenario, List<OodRateWindow> all, List<ShiftAlert> alerts) {
        long change =
                scenario.changes()
                        ? ScenarioTraffic.time(
                                (long) scenario.changeSecond() * ShiftScenario.EVENTS_PER_SECOND)
                        : Long.MAX_VALUE;
        List<OodRateWindow> windows = new ArrayList<>();
        all.stream()
                .filter(w -> w.source().equals(scenario.name()))
                .sorted(Comparator.comparingLong(OodRateWindow::windowStart))
                .forEach(windows::add);
        long end =
                scenario.endSecond() > 0
                        ? ScenarioTraffic.time(
                                (long) scenario.endSecond() * ShiftScenario.EVENTS_PER_SECOND)
                        : Long.MAX_VALUE;
        long[] before = new long[2];
        long[] after = new long[2];
        int clean = 0;
        int cleanFlagged = 0;
        int cleanShift = 0;
        OodRateWindow first = null;
        for (OodRateWindow w : windows) {
            long[] sums = w.windowEnd() <= change ? before : w.windowEnd() <= end ? after : null;
            if (sums != null) {
                sums[0] += w.eventCount();
                sums[1] += w.oodCount();
            }
            if (w.windowEnd() <= change) {
                clean++;
                cleanFlagged += w.flagged() ? 1 : 0;
                cleanShift += shiftFired(w) ? 1 : 0;
            } else if (first == null && w.flagged() && w.windowEnd() > change) {
                first = w;
            }
        }
        List<ShiftAlert> own =
                alerts.stream()
                        .filter(a -> a.source().equals(scenario.name()))
                        .sorted(Comparator.comparingLong(ShiftAlert::detectedAt))
                        .toList();
        int falseAlerts = (int) own.stream().filter(a -> a.detectedAt() <= change).count();
        ShiftAlert alert =
                own.stream().filter(a -> a.detectedAt() > change).findFirst().orElse(null);
        return new ScenarioResult(
                scenario.name(),
                scenario.description(),
                windows.size(),
                clean,
                cleanFlagged,
                cleanShift,
                falseAlerts,
                first == null ? -1 : events(first.windowEnd() - change),
                first == null ? "" : fired(first),
                alert == null ? -1 : events(alert.detectedAt() - change),
                alert == null ? -1 : (alert.changePoint() - ScenarioTraffic.START) / 1000.0,
                rate(before),
                rate(after));
    }

    private static double rate(long[] sums) {
        return sums[0] == 0 ? 0 : (double) sums[1] / sums[0];
    }

    private static long events(long millis) {
        return millis * ShiftScenario.EVENTS_PER_SECOND / 1000;
    }

    private static boolean shiftFired(OodRateWindow w) {
        return w.shiftTests() != null && w.shiftTests().stream().anyMatch(ShiftTest::fired);
    }

    private static String fired(OodRateWindow w) {
        List<String> names = new ArrayList<>();
        if (w.flagReason() != null && w.flagReason().startsWith("OOD rate")) {
            names.add("ood_rate");
        }
        if (w.shiftTests() != null) {
            w.shiftTests().stream().filter(ShiftTest::fired).forEach(t -> names.add(t.test()));
        }
        return String.join(", ", names);
    }
}
