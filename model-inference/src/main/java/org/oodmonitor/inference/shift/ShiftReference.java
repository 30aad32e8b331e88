package org.oodmonitor.inference.shift;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What in-distribution traffic looks like to a model, stored in its manifest by calibration so that
 * the monitor can test each window against it: the predicted-class counts and the binned
 * distribution of each score and input statistic on the validation split.
 *
 * @param classCounts validation inputs predicted as each class, in class order
 * @param statistics binned references by statistic: {@value #MDS} (the minimum distance score),
 *     {@code entropic} and, for images, each pixel statistic
 * @param count how many validation inputs they were computed on
 * @param source what those inputs were
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShiftReference(
        List<Long> classCounts, Map<String, BinnedReference> statistics, int count, String source) {

    /** The name of the minimum distance score among the statistics. */
    public static final String MDS = "mds";

    /** The name of the entropic score among the statistics. */
    public static final String ENTROPIC = "entropic";

    /**
     * @throws IllegalArgumentException for no classes or no statistics
     */
    public ShiftReference {
        if (classCounts == null
                || classCounts.isEmpty()
                || classCounts.stream().anyMatch(c -> c == null || c < 0)
                || classCounts.stream().mapToLong(Long::longValue).sum() == 0) {
            throw new IllegalArgumentException(
                    "a shift reference needs class counts, none negative and not all zero");
        }
        if (statistics != null && statistics.values().stream().anyMatch(b -> b == null)) {
            throw new IllegalArgumentException("a shift reference has no empty statistic");
        }
        if (statistics == null || statistics.isEmpty()) {
            throw new IllegalArgumentException("a shift reference needs statistics");
        }
        classCounts = List.copyOf(classCounts);
        statistics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(statistics));
    }

    /** The class counts as an array. */
    public long[] classCountArray() {
        return classCounts.stream().mapToLong(Long::longValue).toArray();
    }

    /** Whether a statistic other than the two scores is tested, so the inputs' pixels are read. */
    public boolean readsPixels() {
        return statistics.keySet().stream().anyMatch(n -> !n.equals(MDS) && !n.equals(ENTROPIC));
    }
}
