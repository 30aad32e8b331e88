package org.oodmonitor.cli.bench.shift;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.oodmonitor.inference.shift.OodRateCusum;
import org.oodmonitor.job.operators.ShiftReferences;
import org.oodmonitor.job.operators.WindowShiftTests;
import org.oodmonitor.job.operators.window.ShiftCounts;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.ShiftTest;

/**
 * False alarms on in-distribution traffic measured by resampling: windows drawn with replacement
 * from the scores the pipeline gave the unchanged scenario, through the window operator's own test
 * code and the shift detector's own CUSUM, far more of them than a live run could score.
 */
final class FalseAlarmSimulation {

    private FalseAlarmSimulation() {}

    /**
     * Windows of {@code size} events resampled from {@code pool} that any shift test flags, per
     * 1,000, and how often each test fired.
     *
     * @param perTest filled with the windows each test fired in
     */
    static double windowFlagsPerThousand(
            Map<String, Integer> perTest,
            List<OodScore> pool,
            ShiftReferences.Served served,
            double alpha,
            int size,
            int windows,
            long seed) {
        if (pool.isEmpty()) {
            throw new IllegalStateException(
                    "the unchanged scenario produced no scores to resample");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int flagged = 0;
        for (int w = 0; w < windows; w++) {
            ShiftCounts counts = new ShiftCounts();
            for (int i = 0; i < size; i++) {
                counts.add(pool.get(random.nextInt(pool.size())), served.reference());
            }
            WindowShiftTests.Outcome outcome = WindowShiftTests.run(counts, served, size, alpha);
            if (outcome.fired()) {
                flagged++;
                outcome.tests().stream()
                        .filter(ShiftTest::fired)
                        .forEach(t -> perTest.merge(t.test(), 1, Integer::sum));
            }
        }
        return 1000.0 * flagged / windows;
    }

    /**
     * The measured run length of the CUSUM on windows of {@code size} events that are OOD with
     * probability {@code rate} each.
     *
     * @param runs alarms to wait for
     * @param maxEvents events after which the simulation stops, alarms or not
     */
    static RunLength runLength(
            OodRateCusum cusum, double rate, int size, int runs, long maxEvents, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] cdf = binomialCdf(size, rate);
        long events = 0;
        int alarms = 0;
        double s = 0;
        while (alarms < runs && events < maxEvents) {
            long ood = draw(cdf, random.nextDouble());
            events += size;
            s = cusum.next(s, size, ood);
            if (cusum.alarms(s)) {
                alarms++;
                s = 0;
            }
        }
        return new RunLength(rate, events, alarms);
    }

    /**
     * @param rate the simulated OOD rate
     * @param events events simulated
     * @param alarms false alarms among them
     */
    record RunLength(double rate, long events, int alarms) {

        /** Events per alarm; a lower bound (all events) when there was none. */
        double mean() {
            return alarms == 0 ? events : (double) events / alarms;
        }
    }

    private static double[] binomialCdf(int n, double p) {
        BinomialDistribution binomial = BinomialDistribution.of(n, p);
        double[] cdf = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            cdf[k] = binomial.cumulativeProbability(k);
        }
        return cdf;
    }

    private static long draw(double[] cdf, double u) {
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
