package org.oodmonitor.job.replay;

import org.apache.kafka.common.TopicPartition;

/**
 * The records of one partition that a replay reads: offsets {@code [start, end)}.
 *
 * @param partition the topic partition
 * @param start first offset read
 * @param end first offset not read; equal to {@code start} for nothing to read
 */
public record OffsetRange(TopicPartition partition, long start, long end) {

    public boolean isEmpty() {
        return end <= start;
    }
}
