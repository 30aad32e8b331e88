package org.oodmonitor.job.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.oodmonitor.job.OodMonitorPipeline;
import org.oodmonitor.job.config.KafkaOptions;
import org.oodmonitor.job.config.KafkaSettings;
import org.oodmonitor.job.sink.KafkaSinks;
import org.oodmonitor.schemas.RecordType;

/**
 * Sends a replay's outputs to Kafka topics named by the target's prefix ({@code alerts}, {@code
 * windows}, {@code scores}, {@code dead-letter}), with the live job's sinks, creating missing
 * topics with one partition so that each topic keeps the replay's order.
 */
@Internal
public final class ReplayKafkaOutputs {

    static final List<String> NAMES =
            List.of("alerts", "windows", "scores", "dead-letter", "shifts", "quality");

    private ReplayKafkaOutputs() {}

    static void attach(
            OodMonitorPipeline.Outputs out,
            Configuration config,
            ReplayTarget target,
            boolean batch)
            throws Exception {
        // Every replay is a new producer of these topics: its transactional ids must be its own.
        Configuration own = new Configuration(config);
        own.set(
                KafkaOptions.TRANSACTIONAL_ID_PREFIX,
                "ood-replay-" + UUID.randomUUID().toString().substring(0, 8));
        KafkaSettings sinks = KafkaSettings.from(own);
        ensureTopics(sinks, target);
        DeliveryGuarantee delivery = sinks.writing().delivery();
        String alerts = name(RecordType.OOD_ALERT);
        sink(
                out.alerts(),
                KafkaSinks.scores(
                        sinks, target.topic("alerts"), RecordType.OOD_ALERT, alerts, delivery),
                alerts,
                batch);
        String windows = name(RecordType.OOD_RATE_WINDOW);
        sink(
                out.windows(),
                KafkaSinks.of(sinks, target.topic("windows"), RecordType.OOD_RATE_WINDOW, windows),
                windows,
                batch);
        String scores = name(RecordType.OOD_SCORE);
        sink(
                out.scores(),
                KafkaSinks.scores(
                        sinks, target.topic("scores"), RecordType.OOD_SCORE, scores, delivery),
                scores,
                batch);
        if (out.quality() != null) {
            String quality = name(RecordType.QUALITY_WINDOW);
            sink(
                    out.quality(),
                    KafkaSinks.of(
                            sinks, target.topic("quality"), RecordType.QUALITY_WINDOW, quality),
                    quality,
                    batch);
        }
        String deadLetters = name(RecordType.DEAD_LETTER);
        sink(
                out.deadLetters(),
                KafkaSinks.of(
                        sinks, target.topic("dead-letter"), RecordType.DEAD_LETTER, deadLetters),
                deadLetters,
                batch);
    }

    private static String name(RecordType<?> type) {
        return "replay-" + type.name();
    }

    private static <T> void sink(DataStream<T> stream, Sink<T> kafka, String name, boolean batch) {
        DataStreamSink<T> sink = stream.sinkTo(kafka).name(name).uid(name);
        if (batch) {
            // The exactly-once KafkaSink co-locates its committer with its writer; in batch mode
            // every vertex gets a slot sharing group of its own unless one is named, and Flink
            // refuses to co-locate across groups.
            sink.slotSharingGroup(name);
        }
    }

    /** Creates the target's topics that do not exist yet, each with one partition. */
    public static void ensureTopics(KafkaSettings kafka, ReplayTarget target) throws Exception {
        Properties props = kafka.connectionProperties();
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : NAMES) {
                if (!existing.contains(target.topic(name))) {
                    missing.add(new NewTopic(target.topic(name), Optional.of(1), Optional.empty()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
