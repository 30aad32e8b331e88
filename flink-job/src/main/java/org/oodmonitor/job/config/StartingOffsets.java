package org.oodmonitor.job.config;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Where the job's sources start reading: the values of {@code ood.source.starting-offsets}. */
@PublicEvolving
public enum StartingOffsets {
    /** The consumer group's committed offsets, falling back to the earliest. */
    COMMITTED,
    EARLIEST,
    LATEST,
    /** The first record at or after {@code ood.source.starting-timestamp}. */
    TIMESTAMP;

    /** The name users write, in lower case: Flink reads enum options in any case. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The source's offsets initializer.
     *
     * @param timestamp epoch milliseconds, for {@link #TIMESTAMP} only
     */
    // The connector's committedOffsets takes only Kafka's deprecated OffsetResetStrategy.
    @SuppressWarnings("deprecation")
    public OffsetsInitializer initializer(Long timestamp) {
        return switch (this) {
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case TIMESTAMP -> OffsetsInitializer.timestamp(timestamp);
        };
    }
}
