package org.oodmonitor.job.control;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.oodmonitor.job.config.KafkaSettings;
import org.oodmonitor.schemas.ControlStatus;
import org.oodmonitor.schemas.ModelCommand;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.ReadResult;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * Reads the control topic from its start to its current end before a job starts (or a replay runs),
 * deciding every command as the running job decides it (and keeping refused what its status topic
 * says it refused), so that a fresh job scores its first event with the versions the control topic
 * says and its control source starts where the read ended.
 */
@PublicEvolving
public final class ControlTopic {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * What the read found.
     *
     * @param accepted the accepted commands, in order
     * @param rejected how many records were rejected (the running job wrote their status then)
     * @param end the offset after the last record read
     */
    public record Read(List<ModelCommand> accepted, int rejected, long end) {

        public Read {
            accepted = List.copyOf(accepted);
        }

        /** Nothing read: model control off, or no control topic. */
        public static Read none() {
            return new Read(List.of(), 0, 0);
        }

        /** These accepted commands, decided elsewhere (a replay's client, for a cluster). */
        public static Read of(List<ModelCommand> accepted) {
            return new Read(accepted, 0, 0);
        }

        /** This read without the commands of model {@code servingName}. */
        public Read without(String servingName) {
            return new Read(
                    accepted.stream().filter(c -> !c.modelName().equals(servingName)).toList(),
                    rejected,
                    end);
        }
    }

    private ControlTopic() {}

    /**
     * Reads {@code kafka}'s control topic to its end.
     *
     * @throws IllegalArgumentException with a one-line reason when the topic is missing, has more
     *     than one partition or cannot be read in time
     */
    public static Read read(KafkaSettings kafka, CommandCheck check) {
        return read(kafka, check, false);
    }

    private static Read read(KafkaSettings kafka, CommandCheck check, boolean missingIsNone) {
        String topic = kafka.topics().control();
        Properties props = kafka.connectionProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<String, List<PartitionInfo>> topics = consumer.listTopics(TIMEOUT);
            List<PartitionInfo> partitions = topics.get(topic);
            if (partitions == null && missingIsNone) {
                return Read.none();
            }
            if (partitions == null) {
                throw new IllegalArgumentException(
                        "control topic "
                                + topic
                                + " does not exist: create it with one partition, or set"
                                + " ood.topics.control= (empty) to turn model control off");
            }
            if (partitions.size() != 1) {
                throw new IllegalArgumentException(
                        "control topic "
                                + topic
                                + " has "
                                + partitions.size()
                                + " partitions; model commands need exactly one, so that every"
                                + " reader sees them in one order");
            }
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            return decide(consumer, partition, end, check, liveRejections(kafka, props));
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new IllegalArgumentException(
                    "cannot read control topic " + topic + ": " + e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the configured models: " + e.getMessage(), e);
        }
    }

    /**
     * What a replay applies: {@code kafka}'s control topic read to its end; {@link Read#none()}
     * when model control is off or the topic does not exist (a range from before it did).
     *
     * @throws IllegalArgumentException when the topic exists and cannot be read
     */
    public static Read forReplay(KafkaSettings kafka, CommandCheck check) {
        return kafka.topics().controlled() ? read(kafka, check, true) : Read.none();
    }

    /** The starting offsets of the job's control source: where the read ended. */
    public static Map<TopicPartition, Long> startAt(KafkaSettings kafka, Read read) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        offsets.put(new TopicPartition(kafka.topics().control(), 0), read.end());
        return offsets;
    }

    private static Read decide(
            KafkaConsumer<byte[], byte[]> consumer,
            TopicPartition partition,
            long end,
            CommandCheck check,
            Map<String, String> liveRejections)
            throws java.io.IOException {
        List<ConsumerRecord<byte[], byte[]>> records =
                TopicToEnd.read(consumer, Map.of(partition, end), TIMEOUT);
        // Decided after the read: checking deployed models' files is no part of its deadline.
        ModelTimeline timeline = check.emptyTimeline();
        int rejected = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            CommandCheck.Decision decision =
                    check.decide(timeline, record.value(), record.timestamp());
            String where = record.topic() + "-" + record.partition() + "@" + record.offset();
            if (decision.accepted()
                    && !liveRejections.containsKey(where + " " + decision.command().commandId())) {
                timeline = timeline.with(decision.command());
            } else {
                rejected++;
            }
        }
        return new Read(timeline.commands(), rejected, end);
    }

    /**
     * The control records that the running job rejected, by {@code coordinates commandId}, as its
     * status topic says: a deploy refused because others were being checked, or whose check timed
     * out, stays refused on a restart and in a replay, as the job told its writer.
     */
    private static Map<String, String> liveRejections(KafkaSettings kafka, Properties props) {
        String topic = kafka.topics().controlStatus();
        Map<String, String> rejected = new HashMap<>();
        if (topic.isBlank()) {
            return rejected;
        }
        RecordReader<ControlStatus> reader =
                new RecordReader<>(RecordType.CONTROL_STATUS, ValidationLimits.defaults());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                return rejected;
            }
            List<TopicPartition> assigned =
                    partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            for (ConsumerRecord<byte[], byte[]> record : TopicToEnd.read(consumer, TIMEOUT)) {
                ReadResult<ControlStatus> status = reader.read(record.value());
                if (status.isOk()
                        && ControlStatus.REJECTED.equals(status.value().state())
                        && status.value().commandId() != null) {
                    rejected.put(
                            status.value().record() + " " + status.value().commandId(),
                            status.value().reason());
                }
            }
        }
        return rejected;
    }
}
