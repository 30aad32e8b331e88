package org.oodmonitor.job.source;

import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.oodmonitor.job.config.MonitorOptions;

/** Builds the job's Kafka sources of raw records. */
public final class KafkaSources {

    /** A topic setting starting with this is a regular expression of topic names. */
    public static final String PATTERN_PREFIX = "pattern:";

    private KafkaSources() {}

    public static KafkaSource<RawRecord> of(
            ReadableConfig config, Properties clientProperties, String topic) {
        Properties consumer = new Properties();
        consumer.putAll(clientProperties);
        consumer.setProperty("isolation.level", "read_committed");
        var builder =
                KafkaSource.<RawRecord>builder()
                        .setBootstrapServers(config.get(MonitorOptions.BOOTSTRAP_SERVERS))
                        .setGroupId(config.get(MonitorOptions.GROUP_ID))
                        .setProperties(consumer)
                        .setStartingOffsets(
                                startingOffsets(config.get(MonitorOptions.STARTING_OFFSETS)))
                        .setDeserializer(new RawRecordDeserializationSchema());
        if (topic.startsWith(PATTERN_PREFIX)) {
            builder.setTopicPattern(Pattern.compile(topic.substring(PATTERN_PREFIX.length())));
        } else {
            builder.setTopics(topic.split(","));
        }
        if (config.get(MonitorOptions.BOUNDED)) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * Adds {@code source} to {@code env} as the input named {@code name}, with the uid {@code
     * NAME-source} that the live job and replays share; null for a null source. Watermarks come
     * later, from the parsed events.
     */
    public static DataStream<RawRecord> stream(
            StreamExecutionEnvironment env, KafkaSource<RawRecord> source, String name) {
        if (source == null) {
            return null;
        }
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), name + "-source")
                .uid(name + "-source");
    }

    /**
     * @throws IllegalArgumentException for a value that is none of the accepted forms
     */
    // The connector's committedOffsets takes only Kafka's deprecated OffsetResetStrategy.
    @SuppressWarnings("deprecation")
    static OffsetsInitializer startingOffsets(String value) {
        if (value.startsWith("timestamp:")) {
            try {
                return OffsetsInitializer.timestamp(
                        Long.parseLong(value.substring("timestamp:".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "ood.source.starting-offsets: bad timestamp in '" + value + "'");
            }
        }
        return switch (value) {
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default ->
                    throw new IllegalArgumentException(
                            "ood.source.starting-offsets must be committed, earliest, latest or"
                                    + " timestamp:EPOCH_MS, was '"
                                    + value
                                    + "'");
        };
    }
}
