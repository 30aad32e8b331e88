package org.oodmonitor.job.replay;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.common.TopicPartition;
import org.oodmonitor.job.source.EventDeserializationSchema;
import org.oodmonitor.job.source.EventParser;
import org.oodmonitor.job.source.ParsedRecord;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.job.source.RawRecordDeserializationSchema;

/** Builds the bounded Kafka source of a replay: exactly the given offset ranges, then the end. */
@PublicEvolving
public final class ReplaySources {

    private ReplaySources() {}

    /**
     * A source that reads {@code [start, end)} of every non-empty range, committed records only,
     * and commits no offsets; empty when every range is empty.
     */
    public static Optional<KafkaSource<ParsedRecord>> of(
            String bootstrapServers,
            Properties clientProperties,
            List<OffsetRange> ranges,
            EventParser parser) {
        return of(
                bootstrapServers, clientProperties, ranges, new EventDeserializationSchema(parser));
    }

    /** As {@link #of(String, Properties, List, EventParser)}, the records as read (labels). */
    public static Optional<KafkaSource<RawRecord>> raw(
            String bootstrapServers, Properties clientProperties, List<OffsetRange> ranges) {
        return of(bootstrapServers, clientProperties, ranges, new RawRecordDeserializationSchema());
    }

    private static <T> Optional<KafkaSource<T>> of(
            String bootstrapServers,
            Properties clientProperties,
            List<OffsetRange> ranges,
            KafkaRecordDeserializationSchema<T> deserializer) {
        Map<TopicPartition, Long> starts = new HashMap<>();
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (OffsetRange range : ranges) {
            // An empty split would never see its end offset on some connector versions: skip it.
            if (!range.isEmpty()) {
                starts.put(range.partition(), range.start());
                ends.put(range.partition(), range.end());
            }
        }
        if (starts.isEmpty()) {
            return Optional.empty();
        }
        Properties consumer = new Properties();
        consumer.putAll(clientProperties);
        consumer.setProperty("isolation.level", "read_committed");
        consumer.setProperty("commit.offsets.on.checkpoint", "false");
        return Optional.of(
                KafkaSource.<T>builder()
                        .setBootstrapServers(bootstrapServers)
                        .setGroupId("ood-replay")
                        .setProperties(consumer)
                        .setPartitions(new HashSet<>(starts.keySet()))
                        .setStartingOffsets(OffsetsInitializer.offsets(starts))
                        .setBounded(OffsetsInitializer.offsets(ends))
                        .setDeserializer(deserializer)
                        .build());
    }
}
