package org.oodmonitor.job.replay;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;

/**
 * What a replay reads: the offset range of every input partition, by kind of input, and the time
 * range they were resolved from.
 *
 * @param images ranges of image-event partitions
 * @param features ranges of feature-event partitions
 * @param from inclusive start of the time range, epoch milliseconds, or null for explicit offsets
 * @param to exclusive end of the time range, epoch milliseconds, or null for explicit offsets
 */
@PublicEvolving
public record ReplayInput(
        List<OffsetRange> images, List<OffsetRange> features, Long from, Long to) {

    public ReplayInput {
        images = List.copyOf(images);
        features = List.copyOf(features);
    }

    /** Every range, images first. */
    public List<OffsetRange> all() {
        List<OffsetRange> all = new ArrayList<>(images);
        all.addAll(features);
        return all;
    }

    /**
     * Offsets in all ranges: an upper bound of the records read, since transaction markers and
     * aborted records take offsets too.
     */
    public long offsets() {
        return all().stream().mapToLong(r -> r.end() - r.start()).sum();
    }

    /** Whether no range holds anything to read. */
    public boolean isEmpty() {
        return all().stream().allMatch(OffsetRange::isEmpty);
    }
}
