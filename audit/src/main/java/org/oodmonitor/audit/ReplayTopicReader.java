package org.oodmonitor.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.annotation.Internal;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.oodmonitor.job.replay.ReplayResult;
import org.oodmonitor.job.replay.ReplayTarget;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.QualityWindow;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.ShiftAlert;
import org.oodmonitor.schemas.serialization.ReadResult;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * Reads back what a replay wrote to its Kafka target: the committed records of the scores, windows
 * and dead-letter topics between the offsets they had before the replay and their ends.
 */
@Internal
public final class ReplayTopicReader {

    private static final List<String> READ =
            List.of("scores", "windows", "dead-letter", "shifts", "quality");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private ReplayTopicReader() {}

    /** The committed end offset of every partition of the target's topics. */
    public static Map<TopicPartition, Long> ends(Properties clients, ReplayTarget target) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(clients)) {
            return consumer.endOffsets(partitions(consumer, target));
        }
    }

    /** The records from {@code from} to the topics' current committed ends. */
    public static ReplayResult read(
            Properties clients, ReplayTarget target, Map<TopicPartition, Long> from, long late) {
        RecordReader<OodScore> scores =
                new RecordReader<>(RecordType.OOD_SCORE, ValidationLimits.defaults());
        RecordReader<OodRateWindow> windows =
                new RecordReader<>(RecordType.OOD_RATE_WINDOW, ValidationLimits.defaults());
        RecordReader<DeadLetter> deadLetters =
                new RecordReader<>(RecordType.DEAD_LETTER, ValidationLimits.defaults());
        List<OodScore> scoreList = new ArrayList<>();
        List<OodRateWindow> windowList = new ArrayList<>();
        RecordReader<ShiftAlert> shifts =
                new RecordReader<>(RecordType.SHIFT_ALERT, ValidationLimits.defaults());
        List<DeadLetter> deadLetterList = new ArrayList<>();
        List<ShiftAlert> shiftList = new ArrayList<>();
        RecordReader<QualityWindow> quality =
                new RecordReader<>(RecordType.QUALITY_WINDOW, ValidationLimits.defaults());
        List<QualityWindow> qualityList = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(clients)) {
            List<TopicPartition> partitions = partitions(consumer, target);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            Map<TopicPartition, Long> start = new HashMap<>();
            for (TopicPartition p : partitions) {
                start.put(p, from.getOrDefault(p, 0L));
                consumer.seek(p, start.get(p));
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read the replay's outputs back from "
                                    + target.topic("*")
                                    + " in "
                                    + TIMEOUT.toMinutes()
                                    + " minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    if (r.topic().equals(target.topic("scores"))) {
                        scoreList.add(value(scores.read(r.value()), r));
                    } else if (r.topic().equals(target.topic("windows"))) {
                        windowList.add(value(windows.read(r.value()), r));
                    } else if (r.topic().equals(target.topic("shifts"))) {
                        shiftList.add(value(shifts.read(r.value()), r));
                    } else if (r.topic().equals(target.topic("quality"))) {
                        qualityList.add(value(quality.read(r.value()), r));
                    } else {
                        deadLetterList.add(value(deadLetters.read(r.value()), r));
                    }
                }
            }
        }
        return new ReplayResult(
                scoreList, windowList, deadLetterList, late, shiftList, qualityList);
    }

    private static List<TopicPartition> partitions(
            KafkaConsumer<byte[], byte[]> consumer, ReplayTarget target) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String name : READ) {
            String topic = target.topic(name);
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        return partitions;
    }

    private static <T> T value(ReadResult<T> result, ConsumerRecord<byte[], byte[]> record) {
        if (!result.isOk()) {
            throw new IllegalStateException(
                    "the replay wrote an invalid record at "
                            + record.topic()
                            + "-"
                            + record.partition()
                            + "@"
                            + record.offset()
                            + ": "
                            + result.errorMessage());
        }
        return result.value();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Properties clients) {
        Properties props = new Properties();
        props.putAll(clients);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "ood-replay-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(props);
    }
}
