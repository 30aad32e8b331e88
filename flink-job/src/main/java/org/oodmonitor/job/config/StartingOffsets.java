package org.oodmonitor.job.config;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The accepted values of {@code ood.source.starting-offsets} and what each means to a source. */
@Internal
public final class StartingOffsets {

    private static final String TIMESTAMP = "timestamp:";

    private StartingOffsets() {}

    /**
     * @throws IllegalArgumentException for a value that is none of the accepted forms
     */
    public static void check(String value) {
        initializer(value);
    }

    /**
     * The source's offsets initializer for {@code value}.
     *
     * @throws IllegalArgumentException for a value that is none of the accepted forms
     */
    // The connector's committedOffsets takes only Kafka's deprecated OffsetResetStrategy.
    @SuppressWarnings("deprecation")
    public static OffsetsInitializer initializer(String value) {
        String key = MonitorOptions.STARTING_OFFSETS.key();
        if (value != null && value.startsWith(TIMESTAMP)) {
            try {
                return OffsetsInitializer.timestamp(
                        Long.parseLong(value.substring(TIMESTAMP.length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": bad timestamp in '" + value + "'");
            }
        }
        return switch (value == null ? "" : value) {
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default ->
                    throw new IllegalArgumentException(
                            key
                                    + " must be committed, earliest, latest or"
                                    + " timestamp:EPOCH_MS, was '"
                                    + value
                                    + "'");
        };
    }
}
