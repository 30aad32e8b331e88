package org.oodmonitor.job.replay;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one partition that a replay reads: offsets {@code [start, end)}.
 *
 * @param partition the topic partition
 * @param start first offset read
 * @param end first offset not read; equal to {@code start} for nothing to read
 */
@PublicEvolving
public record OffsetRange(TopicPartition partition, long start, long end) {

    /**
     * @throws IllegalArgumentException for a negative start or an end before the start
     */
    public OffsetRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException(
                    "bad offset range of " + partition + ": [" + start + ", " + end + ")");
        }
    }

    public boolean isEmpty() {
        return end <= start;
    }

    /**
     * Parses {@code TOPIC:PARTITION:START-END}, offsets {@code [START, END)}.
     *
     * @throws IllegalArgumentException for any other form
     */
    public static OffsetRange parse(String text) {
        int rangeAt = text.lastIndexOf(':');
        int partitionAt = rangeAt <= 0 ? -1 : text.lastIndexOf(':', rangeAt - 1);
        String[] bounds = text.substring(rangeAt + 1).split("-", -1);
        if (partitionAt <= 0 || bounds.length != 2) {
            throw new IllegalArgumentException(
                    "expected TOPIC:PARTITION:START-END, was '" + text + "'");
        }
        try {
            return new OffsetRange(
                    new TopicPartition(
                            text.substring(0, partitionAt),
                            Integer.parseInt(text.substring(partitionAt + 1, rangeAt))),
                    Long.parseLong(bounds[0]),
                    Long.parseLong(bounds[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "expected TOPIC:PARTITION:START-END with numbers, was '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return partition + ":" + start + "-" + end;
    }
}
