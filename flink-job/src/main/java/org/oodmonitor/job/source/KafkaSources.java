package org.oodmonitor.job.source;

import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.oodmonitor.job.PipelineSettings;
import org.oodmonitor.job.config.MonitorOptions;

/** Builds the job's Kafka sources of raw records. */
@PublicEvolving
public final class KafkaSources {

    /** A topic setting starting with this is a regular expression of topic names. */
    public static final String PATTERN_PREFIX = "pattern:";

    private KafkaSources() {}

    /** A source of {@code topic} (a list or a pattern) whose records {@code parser} parses. */
    public static KafkaSource<ParsedRecord> of(
            ReadableConfig config, Properties clientProperties, String topic, EventParser parser) {
        Properties consumer = new Properties();
        consumer.putAll(clientProperties);
        consumer.setProperty("isolation.level", "read_committed");
        var builder =
                KafkaSource.<ParsedRecord>builder()
                        .setBootstrapServers(config.get(MonitorOptions.BOOTSTRAP_SERVERS))
                        .setGroupId(config.get(MonitorOptions.GROUP_ID))
                        .setProperties(consumer)
                        .setStartingOffsets(
                                startingOffsets(config.get(MonitorOptions.STARTING_OFFSETS)))
                        .setDeserializer(new EventDeserializationSchema(parser));
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
     * NAME-source} that the live job and replays share, and the settings' watermarks, which the
     * source runs per Kafka partition; null for a null source.
     */
    public static DataStream<ParsedRecord> stream(
            StreamExecutionEnvironment env,
            KafkaSource<ParsedRecord> source,
            String name,
            PipelineSettings settings) {
        if (source == null) {
            return null;
        }
        return env.fromSource(source, settings.watermarks(), name + "-source")
                .uid(name + "-source");
    }

    /**
     * Parses records that did not come from Kafka (tests, bounded inputs) as the Kafka source
     * would, with the same watermarks, though per stream rather than per partition.
     */
    public static DataStream<ParsedRecord> parsed(
            DataStream<RawRecord> raw, boolean images, PipelineSettings settings) {
        EventParser parser = settings.parser(images);
        String name = images ? "parse-images" : "parse-features";
        return raw.map(parser::parse)
                .returns(ParsedRecord.class)
                .name(name)
                .uid(name)
                .assignTimestampsAndWatermarks(settings.watermarks())
                .name(name + "-watermarks")
                .uid(name + "-watermarks");
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
