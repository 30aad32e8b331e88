package org.oodmonitor.job.replay;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.oodmonitor.job.control.ControlTopic;

/**
 * What a replay reads: the offset range of every input partition, by kind of input, the time range
 * they were resolved from, and the model commands it applies, read from the control topic once,
 * when the ranges were resolved, so that the job, its what-if variant and the audit report all
 * apply and list the same ones.
 *
 * @param images ranges of image-event partitions
 * @param features ranges of feature-event partitions
 * @param from inclusive start of the time range, epoch milliseconds, or null for explicit offsets
 * @param to exclusive end of the time range, epoch milliseconds, or null for explicit offsets
 * @param control the accepted commands of the control topic (null: none)
 * @param labels ranges of label partitions, joined with the scores into quality windows; empty for
 *     none
 */
@PublicEvolving
public record ReplayInput(
        List<OffsetRange> images,
        List<OffsetRange> features,
        Long from,
        Long to,
        ControlTopic.Read control,
        List<OffsetRange> labels) {

    public ReplayInput {
        images = List.copyOf(images);
        features = List.copyOf(features);
        labels = labels == null ? List.of() : List.copyOf(labels);
        control = control == null ? ControlTopic.Read.none() : control;
    }

    /** This input with {@code read}'s commands applied. */
    public ReplayInput withControl(ControlTopic.Read read) {
        return new ReplayInput(images, features, from, to, read, labels);
    }

    /** An input without labels. */
    public ReplayInput(
            List<OffsetRange> images,
            List<OffsetRange> features,
            Long from,
            Long to,
            ControlTopic.Read control) {
        this(images, features, from, to, control, List.of());
    }

    /** Every range, images first, labels last. */
    public List<OffsetRange> all() {
        List<OffsetRange> all = new ArrayList<>(images);
        all.addAll(features);
        all.addAll(labels);
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
