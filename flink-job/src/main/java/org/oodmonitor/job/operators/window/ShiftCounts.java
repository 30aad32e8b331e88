package org.oodmonitor.job.operators.window;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.inference.shift.BinnedReference;
import org.oodmonitor.inference.shift.ShiftReference;
import org.oodmonitor.schemas.OodScore;

/**
 * A window's counts for its shift tests: events per predicted class and per bin of each reference
 * statistic. Counts only, so the same events in any order give the same counts, in memory bounded
 * by the classes and bins. A Flink POJO, so that window state needs no Kryo.
 */
@Internal
public final class ShiftCounts {

    /** Events per predicted class index. */
    public Map<Integer, Long> classes = new HashMap<>();

    /** Events per bin, by statistic. */
    public Map<String, long[]> bins = new HashMap<>();

    /** The manifest checksum of the counted scores, or null before the first. */
    public String checksum;

    /**
     * Counts {@code score}, binning its statistics by {@code reference}, the shift reference of the
     * manifest the score names. Counts binned by another manifest's reference (a model recalibrated
     * in place, same version, while the window was open) are dropped first: the window is tested
     * against one reference only.
     */
    public void add(OodScore score, ShiftReference reference) {
        if (checksum != null && !checksum.equals(score.modelChecksum())) {
            classes.clear();
            bins.clear();
        }
        checksum = score.modelChecksum();
        classes.merge(score.predictedClass(), 1L, Long::sum);
        for (Map.Entry<String, BinnedReference> e : reference.statistics().entrySet()) {
            Double value = valueOf(score, e.getKey());
            if (value == null) {
                continue;
            }
            int size = e.getValue().bins();
            long[] counts = bins.get(e.getKey());
            if (counts == null || counts.length != size) {
                counts = new long[size];
                bins.put(e.getKey(), counts);
            }
            counts[e.getValue().bin(value)]++;
        }
    }

    private static Double valueOf(OodScore score, String statistic) {
        if (statistic.equals(ShiftReference.MDS)) {
            return score.score();
        }
        return score.statistics() == null ? null : score.statistics().get(statistic);
    }

    /** Events per class index, for {@code count} classes. */
    public long[] classCounts(int count) {
        long[] counts = new long[count];
        classes.forEach(
                (c, n) -> {
                    if (c >= 0 && c < count) {
                        counts[c] += n;
                    }
                });
        return counts;
    }

    /** Events per bin of {@code statistic}, for {@code count} bins. */
    public long[] bins(String statistic, int count) {
        long[] counts = bins.get(statistic);
        return counts != null && counts.length == count ? counts.clone() : new long[count];
    }
}
