package org.oodmonitor.job.operators;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.inference.shift.BinnedReference;
import org.oodmonitor.inference.shift.ChiSquareHomogeneity;
import org.oodmonitor.inference.shift.HolmCorrection;
import org.oodmonitor.inference.shift.ShiftReference;
import org.oodmonitor.inference.shift.ShiftTestResult;
import org.oodmonitor.schemas.ShiftTest;

/**
 * Runs a closed window's shift tests against its model's reference: the class mix and each binned
 * statistic, two-sample chi-square each, with Holm's correction at the window's false-flag budget.
 */
@Internal
public final class WindowShiftTests {

    /** The test of the predicted classes. */
    static final String CLASS_MIX = "class_mix";

    /**
     * What the tests found.
     *
     * @param tests every test that ran, or null when none did
     * @param skipped why some or all did not run, or null
     */
    public record Outcome(List<ShiftTest> tests, String skipped) {

        public boolean fired() {
            return tests != null && tests.stream().anyMatch(ShiftTest::fired);
        }

        /** The tests that fired, for the window's flag reason. */
        String describeFired() {
            StringBuilder text = new StringBuilder();
            for (ShiftTest t : tests) {
                if (t.fired()) {
                    text.append(text.length() == 0 ? "" : ", ")
                            .append(
                                    String.format(
                                            java.util.Locale.ROOT,
                                            "%s p=%.2g",
                                            t.test(),
                                            t.pValue()));
                }
            }
            return text.toString();
        }
    }

    private WindowShiftTests() {}

    public static Outcome run(
            WindowShiftCounts counts,
            ShiftReferences.Served served,
            String checksum,
            double alpha) {
        if (served == null || served.reference() == null) {
            return new Outcome(
                    null, "the model has no shift reference (calibrated before format 3)");
        }
        if (checksum != null && !checksum.equals(served.checksum())) {
            return new Outcome(null, "the window's model version is not the one served");
        }
        ShiftReference reference = served.reference();
        List<ShiftTestResult> results = new ArrayList<>();
        List<String> tooFew = new ArrayList<>();
        add(
                results,
                tooFew,
                CLASS_MIX,
                ChiSquareHomogeneity.test(
                        CLASS_MIX,
                        reference.classCountArray(),
                        counts.classCounts(reference.classCounts().size())));
        for (Map.Entry<String, BinnedReference> e : reference.statistics().entrySet()) {
            long[] window = counts.bins(e.getKey(), e.getValue().bins());
            add(
                    results,
                    tooFew,
                    e.getKey(),
                    ChiSquareHomogeneity.test(e.getKey(), e.getValue().countArray(), window));
        }
        String skipped =
                tooFew.isEmpty() ? null : "too few events to test " + String.join(", ", tooFew);
        if (results.isEmpty()) {
            return new Outcome(null, skipped);
        }
        boolean[] fired = HolmCorrection.fired(results, alpha);
        List<ShiftTest> tests = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            ShiftTestResult r = results.get(i);
            tests.add(
                    new ShiftTest(
                            r.test(), r.statistic(), r.degreesOfFreedom(), r.pValue(), fired[i]));
        }
        return new Outcome(tests, skipped);
    }

    private static void add(
            List<ShiftTestResult> results,
            List<String> tooFew,
            String name,
            Optional<ShiftTestResult> result) {
        result.ifPresentOrElse(results::add, () -> tooFew.add(name));
    }
}
