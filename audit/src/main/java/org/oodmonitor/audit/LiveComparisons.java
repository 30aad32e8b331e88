package org.oodmonitor.audit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.oodmonitor.job.sink.ScoredEventRecordSerializer;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * Compares a replay's scores with the live job's: reads the live scores topic, as committed when
 * the comparison starts, keeps the first live score of each replayed event, and lists the events
 * whose verdict differs, each marked as explained by the tolerance or not.
 */
final class LiveComparisons {

    private static final Duration POLL = Duration.ofMillis(500);

    private LiveComparisons() {}

    /**
     * The live job's first score of each event in {@code wanted}, and the platforms its records
     * named, read once so that a baseline and a what-if replay compare with the same read.
     */
    record LiveScores(
            String topic,
            Set<String> wanted,
            Set<String> platforms,
            Map<String, OodScore> byEvent) {

        /** Whether every event of {@code scores} was looked for. */
        boolean covers(Collection<OodScore> scores) {
            return scores.stream().allMatch(s -> wanted.contains(s.eventId()));
        }

        AuditReport.LiveComparison compareWith(Collection<OodScore> replayed) {
            return compare(topic, platforms, byEvent, replayed);
        }
    }

    /**
     * Reads {@code topic} from its start to its end offsets of now and compares.
     *
     * @throws IllegalArgumentException when the topic does not exist
     */
    static AuditReport.LiveComparison read(
            String bootstrapServers,
            Properties clients,
            String topic,
            Collection<OodScore> replayed) {
        return readScores(bootstrapServers, clients, topic, replayed).compareWith(replayed);
    }

    /**
     * Reads {@code topic} from its start to its end offsets of now, keeping the scores of the
     * events of {@code replayed}.
     *
     * @throws IllegalArgumentException when the topic does not exist
     */
    static LiveScores readScores(
            String bootstrapServers,
            Properties clients,
            String topic,
            Collection<OodScore> replayed) {
        Set<String> wanted = new HashSet<>();
        replayed.forEach(s -> wanted.add(s.eventId()));
        Map<String, OodScore> live = new HashMap<>();
        Set<String> platforms = new TreeSet<>();
        Properties props = new Properties();
        props.putAll(clients);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        RecordReader<OodScore> reader =
                new RecordReader<>(RecordType.OOD_SCORE, ValidationLimits.defaults());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("no live scores topic '" + topic + "'");
            }
            List<TopicPartition> partitions =
                    infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() >= end.get(new TopicPartition(topic, record.partition()))) {
                        continue;
                    }
                    var read = reader.read(record.value());
                    if (!read.isOk() || !wanted.contains(read.value().eventId())) {
                        continue;
                    }
                    live.putIfAbsent(read.value().eventId(), read.value());
                    Header platform =
                            record.headers()
                                    .lastHeader(ScoredEventRecordSerializer.PLATFORM_HEADER);
                    if (platform != null) {
                        platforms.add(new String(platform.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return new LiveScores(topic, wanted, platforms, live);
    }

    /** Compares {@code replayed} with the live scores by event id. */
    static AuditReport.LiveComparison compare(
            String topic,
            Collection<String> platforms,
            Map<String, OodScore> live,
            Collection<OodScore> replayed) {
        long matched = 0;
        long identical = 0;
        List<AuditReport.VerdictDifference> differences = new ArrayList<>();
        for (OodScore replay : replayed) {
            OodScore then = live.get(replay.eventId());
            if (then == null) {
                continue;
            }
            matched++;
            double liveValue = AuditReportBuilder.decisionValue(then);
            double replayValue = AuditReportBuilder.decisionValue(replay);
            if (Double.doubleToLongBits(liveValue) == Double.doubleToLongBits(replayValue)) {
                identical++;
            }
            if (then.isOod() != replay.isOod()) {
                double threshold = AuditReportBuilder.decisionThreshold(replay);
                differences.add(
                        new AuditReport.VerdictDifference(
                                replay.eventId(),
                                replay.source(),
                                replay.modelName(),
                                liveValue,
                                replayValue,
                                threshold,
                                then.isOod(),
                                replay.isOod(),
                                AuditReportBuilder.withinTolerance(replayValue, threshold)));
            }
        }
        differences.sort(Comparator.comparing(AuditReport.VerdictDifference::eventId));
        return new AuditReport.LiveComparison(
                topic,
                List.copyOf(new TreeSet<>(platforms)),
                matched,
                replayed.size() - matched,
                identical,
                differences);
    }
}
