package org.oodmonitor.job.source;

import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;
import org.oodmonitor.job.config.KafkaSettings;

/** Builds the job's Kafka sources of raw records. */
@PublicEvolving
public final class KafkaSources {

    /** A topic setting starting with this is a regular expression of topic names. */
    public static final String PATTERN_PREFIX = "pattern:";

    private KafkaSources() {}

    /**
     * A source of {@code topic} (a list or a pattern) whose records {@code parser} parses, with the
     * brokers, group, starting offsets and bounds of {@code kafka}.
     */
    public static KafkaSource<ParsedRecord> of(
            KafkaSettings kafka, String topic, EventParser parser) {
        Properties consumer = kafka.clientProperties();
        consumer.setProperty("isolation.level", "read_committed");
        var builder =
                KafkaSource.<ParsedRecord>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setGroupId(kafka.reading().groupId())
                        .setProperties(consumer)
                        .setStartingOffsets(kafka.reading().startingOffsetsInitializer())
                        .setDeserializer(new EventDeserializationSchema(parser));
        if (topic.startsWith(PATTERN_PREFIX)) {
            builder.setTopicPattern(Pattern.compile(topic.substring(PATTERN_PREFIX.length())));
        } else {
            builder.setTopics(topic.split(","));
        }
        if (kafka.reading().bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * The control topic's records from {@code start} on (where {@code ControlTopic.read} ended), as
     * read: the command check parses them, so that no record can fail the source.
     */
    public static KafkaSource<RawRecord> control(
            KafkaSettings kafka, Map<TopicPartition, Long> start) {
        Properties consumer = kafka.clientProperties();
        consumer.setProperty("isolation.level", "read_committed");
        var builder =
                KafkaSource.<RawRecord>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setGroupId(kafka.reading().groupId() + "-control")
                        .setProperties(consumer)
                        .setTopics(kafka.topics().control())
                        .setStartingOffsets(OffsetsInitializer.offsets(start))
                        .setDeserializer(new RawRecordDeserializationSchema());
        if (kafka.reading().bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * The labels topic's records as read, from the job's starting offsets: the label parser reads
     * them, so that no record can fail the source.
     */
    public static KafkaSource<RawRecord> labels(KafkaSettings kafka) {
        Properties consumer = kafka.clientProperties();
        consumer.setProperty("isolation.level", "read_committed");
        var builder =
                KafkaSource.<RawRecord>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setGroupId(kafka.reading().groupId() + "-labels")
                        .setProperties(consumer)
                        .setTopics(kafka.topics().labels().split(","))
                        .setStartingOffsets(kafka.reading().startingOffsetsInitializer())
                        .setDeserializer(new RawRecordDeserializationSchema());
        if (kafka.reading().bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * Adds {@code source} to {@code env} as the input named {@code name}, with the uid {@code
     * NAME-source} that the live job and replays share, and {@code watermarks} (the pipeline
     * settings' {@code watermarks()}), which the source runs per Kafka partition.
     */
    public static DataStream<ParsedRecord> stream(
            StreamExecutionEnvironment env,
            KafkaSource<ParsedRecord> source,
            String name,
            WatermarkStrategy<ParsedRecord> watermarks) {
        return env.fromSource(source, watermarks, name + "-source").uid(name + "-source");
    }

    /**
     * Parses records that did not come from Kafka (tests, bounded inputs) as the Kafka source
     * would, with the same watermarks, though per stream rather than per partition.
     */
    public static DataStream<ParsedRecord> parsed(
            DataStream<RawRecord> raw,
            EventParser parser,
            WatermarkStrategy<ParsedRecord> watermarks) {
        String name = parser.images() ? "parse-images" : "parse-features";
        return raw.map(parser::parse)
                .returns(ParsedRecord.class)
                .name(name)
                .uid(name)
                .assignTimestampsAndWatermarks(watermarks)
                .name(name + "-watermarks")
                .uid(name + "-watermarks");
    }
}
