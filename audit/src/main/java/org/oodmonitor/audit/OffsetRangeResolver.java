package org.oodmonitor.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.annotation.Internal;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.oodmonitor.job.replay.OffsetRange;

/**
 * Resolves a time range {@code [from, to)} of Kafka record timestamps to offsets per partition: the
 * start is the first offset with a timestamp at or after {@code from}, the end the first at or
 * after {@code to}, or the partition's end offset when there is none. Empty partitions and ranges
 * with no data give empty ranges rather than errors.
 */
@Internal
public final class OffsetRangeResolver {

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;

    public OffsetRangeResolver(Admin admin) {
        this.admin = admin;
    }

    /**
     * @throws IllegalArgumentException when {@code to <= from} or a topic does not exist
     */
    public List<OffsetRange> resolve(List<String> topics, long from, long to) {
        if (to <= from) {
            throw new IllegalArgumentException(
                    "the range must end after it starts: from " + from + ", to " + to);
        }
        List<TopicPartition> partitions = partitions(topics);
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.forTimestamp(from));
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.forTimestamp(to));
        Map<TopicPartition, Long> latest = offsets(partitions, OffsetSpec.latest());
        List<OffsetRange> ranges = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            long end = ends.get(tp) < 0 ? latest.get(tp) : ends.get(tp);
            long start = starts.get(tp) < 0 ? end : Math.min(starts.get(tp), end);
            ranges.add(new OffsetRange(tp, start, end));
        }
        return ranges;
    }

    /**
     * Checks explicit ranges against the log: each partition must exist and its range lie within
     * the offsets the log still holds.
     *
     * @throws IllegalArgumentException naming the first range that does not
     */
    public List<OffsetRange> check(List<OffsetRange> ranges) {
        List<String> topics =
                ranges.stream().map(r -> r.partition().topic()).distinct().sorted().toList();
        List<TopicPartition> partitions = partitions(topics);
        Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> latest = offsets(partitions, OffsetSpec.latest());
        for (OffsetRange range : ranges) {
            TopicPartition tp = range.partition();
            if (!earliest.containsKey(tp)) {
                throw new IllegalArgumentException(
                        "partition "
                                + tp
                                + " does not exist; "
                                + tp.topic()
                                + " has "
                                + partitions.stream()
                                        .filter(p -> p.topic().equals(tp.topic()))
                                        .count()
                                + " partitions");
            }
            if (range.start() < earliest.get(tp) || range.end() > latest.get(tp)) {
                throw new IllegalArgumentException(
                        "offsets "
                                + range.start()
                                + "-"
                                + range.end()
                                + " of "
                                + tp
                                + " are outside the log, which holds ["
                                + earliest.get(tp)
                                + ", "
                                + latest.get(tp)
                                + ")");
            }
        }
        return ranges;
    }

    private List<TopicPartition> partitions(List<String> topics) {
        Map<String, TopicDescription> descriptions;
        try {
            descriptions =
                    admin.describeTopics(topics)
                            .allTopicNames()
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalArgumentException(
                    "cannot describe topics " + topics + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException | InterruptedException e) {
            throw new IllegalStateException("timed out describing topics " + topics, e);
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicDescription d : descriptions.values()) {
            for (TopicPartitionInfo p : d.partitions()) {
                partitions.add(new TopicPartition(d.name(), p.partition()));
            }
        }
        partitions.sort(
                Comparator.comparing(TopicPartition::topic)
                        .thenComparingInt(TopicPartition::partition));
        return partitions;
    }

    /** The offset per partition for {@code spec}; -1 where no record matches. */
    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        try {
            Map<TopicPartition, ListOffsetsResultInfo> result =
                    admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            result.forEach((tp, info) -> offsets.put(tp, info.offset()));
            return offsets;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list offsets: " + e.getCause().getMessage(), e);
        } catch (TimeoutException | InterruptedException e) {
            throw new IllegalStateException("timed out listing offsets", e);
        }
    }
}
