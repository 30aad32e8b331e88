package org.oodmonitor.job.operators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.inference.shift.BinnedReference;
import org.oodmonitor.inference.shift.ChiSquareHomogeneity;
import org.oodmonitor.inference.shift.HolmCorrection;
import org.oodmonitor.inference.shift.ShiftReference;
import org.oodmonitor.inference.shift.ShiftTestResult;
import org.oodmonitor.job.operators.window.ShiftCounts;
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

    /**
     * The window's tests.
     *
     * @param served the served model the window's scores name, or null when the job does not serve
     *     that model version
     */
    public static Outcome run(
            ShiftCounts counts, ShiftReferences.Served served, long events, double alpha) {
        if (served == null) {
            return new Outcome(null, "the window's model version is not one the job serves");
        }
        if (served.reference() == null) {
            return new Outcome(
                    null, "the model has no shift reference (calibrated before format 3)");
        }
        ShiftReference reference = served.reference();
        List<ShiftTestResult> results = new ArrayList<>();
        List<String> tooFew = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        test(
                results,
                tooFew,
                problems,
                CLASS_MIX,
                () ->
                        ChiSquareHomogeneity.test(
                                CLASS_MIX,
                                reference.classCountArray(),
                                counts.classCounts(reference.classCounts().size())));
        for (Map.Entry<String, BinnedReference> e : reference.statistics().entrySet()) {
            long[] window = counts.bins(e.getKey(), e.getValue().bins());
            if (events > 0 && Arrays.stream(window).sum() == 0) {
                problems.add("no " + e.getKey() + " values in the scores");
                continue;
            }
            test(
                    results,
                    tooFew,
                    problems,
                    e.getKey(),
                    () -> ChiSquareHomogeneity.test(e.getKey(), e.getValue().countArray(), window));
        }
        if (!tooFew.isEmpty()) {
            problems.add(0, "too few events to test " + String.join(", ", tooFew));
        }
        String skipped = problems.isEmpty() ? null : String.join("; ", problems);
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

    /** Runs one test; a reference it cannot be run against is a skip reason, never a failure. */
    private static void test(
            List<ShiftTestResult> results,
            List<String> tooFew,
            List<String> problems,
            String name,
            Supplier<Optional<ShiftTestResult>> test) {
        try {
            test.get().ifPresentOrElse(results::add, () -> tooFew.add(name));
        } catch (RuntimeException e) {
            problems.add("could not test " + name + ": " + e.getMessage());
        }
    }
}
