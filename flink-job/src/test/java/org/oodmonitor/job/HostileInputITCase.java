package org.oodmonitor.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.PooledFeatures;
import org.oodmonitor.job.config.KafkaOptions;
import org.oodmonitor.job.config.LimitOptions;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.job.config.StartingOffsets;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.FeatureEvent;
import org.oodmonitor.schemas.ImageEvent;
import org.oodmonitor.schemas.ImagePayload;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.serialization.RecordWriter;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * The job against a real broker, fed good traffic interleaved with a corpus of hostile records on
 * both input topics, with restarts switched off so that any failure would end the job: it keeps
 * running, every bad record reaches the dead-letter topic exactly once with its specific code,
 * every good event is scored exactly once, windows keep coming, and every output record carries a
 * Kafka timestamp the broker accepted.
 */
class HostileInputITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    private static final int GOOD_IMAGES = 60;
    private static final int GOOD_VECTORS = 30;
    private static final long FLUSH_OFFSET = 75_000;
    private static final String IMAGE_MODEL = "fashion-mnist-isomax";
    private static final String VECTOR_MODEL = "fashion-pooled-vectors";

    /** Where each bad record landed, by kind, as the broker acknowledged it. */
    private static final Map<String, org.apache.kafka.clients.producer.RecordMetadata> SENT =
            new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    void noInputStopsTheMonitorAndNothingIsLost() throws Exception {
        String prefix = KafkaBrokerExtension.uniqueTopic("hostile");
        String images = prefix + ".images";
        String features = prefix + ".features";
        String scores = prefix + ".scores";
        String windows = prefix + ".windows";
        String dlq = prefix + ".dlq";
        KAFKA.createTopics(
                Map.of(
                        images,
                        2,
                        features,
                        1,
                        scores,
                        1,
                        prefix + ".alerts",
                        1,
                        windows,
                        1,
                        dlq,
                        1));
        long start = System.currentTimeMillis();
        List<HostileCorpus.BadRecord> bad = HostileCorpus.records(start);
        assertThat(bad.stream().map(HostileCorpus.BadRecord::kind).distinct())
                .hasSizeGreaterThan(40);
        List<String> good = produce(images, features, bad, start);

        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        config.set(KafkaOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        config.set(TopicOptions.IMAGES_TOPIC, images);
        config.set(TopicOptions.FEATURES_TOPIC, features);
        config.set(TopicOptions.SCORES_TOPIC, scores);
        config.set(TopicOptions.ALERTS_TOPIC, prefix + ".alerts");
        config.set(TopicOptions.WINDOWS_TOPIC, windows);
        config.set(TopicOptions.DEAD_LETTER_TOPIC, dlq);
        config.set(TopicOptions.CONTROL_TOPIC, "");
        config.set(
                ModelOptions.MODELS,
                Map.of(
                        IMAGE_MODEL,
                        Path.of("../models/fashion-mnist-isomax").toString(),
                        VECTOR_MODEL,
                        Path.of("../models/fashion-pooled-vectors").toString()));
        config.set(ModelOptions.DEFAULT_MODEL, IMAGE_MODEL);
        config.set(ModelOptions.SOURCE_DEFAULT_MODELS, Map.of("embedding-api", VECTOR_MODEL));
        config.set(KafkaOptions.STARTING_OFFSETS, StartingOffsets.EARLIEST);
        config.set(WindowOptions.WINDOW_SIZE, Duration.ofSeconds(10));
        // The corpus's large records take up to half a second each to validate, and a partition
        // without a valid event for the idleness goes idle by design, its later events then
        // late: 30 s instead of the default 5 leaves a slow machine a wide margin. Every
        // partition gets a flush event at the end, so no window waits on idleness; only the
        // source subtask without a partition does, for 30 s after the start.
        config.set(SourceOptions.IDLENESS, Duration.ofSeconds(30));
        config.set(SourceOptions.EVENT_TIME_MAX_AGE, HostileCorpus.MAX_AGE);
        config.set(LimitOptions.MAX_RECORD_BYTES, HostileCorpus.MAX_RECORD_BYTES);
        config.set(LimitOptions.MAX_IMAGE_BYTES, HostileCorpus.MAX_IMAGE_BYTES);
        config.set(LimitOptions.MAX_OUTPUT_BYTES, HostileCorpus.MAX_OUTPUT_BYTES);
        config.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, prefix);
        config.set(KafkaOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(1));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        env.enableCheckpointing(500);
        KafkaMonitorJob.wire(env, config);
        JobClient job = env.executeAsync("hostile-input-it");
        List<ConsumerRecord<byte[], byte[]>> deadLetters;
        List<ConsumerRecord<byte[], byte[]>> scored;
        List<OodRateWindow> gotWindows;
        JobStatus status;
        try {
            deadLetters = readCommitted(dlq, bad.size());
            scored = readCommitted(scores, good.size());
            gotWindows =
                    TestTraffic.readCommittedUntil(
                            KAFKA,
                            windows,
                            RecordType.OOD_RATE_WINDOW,
                            w ->
                                    w.stream().mapToLong(OodRateWindow::eventCount).sum()
                                            >= good.size() - 2,
                            Duration.ofSeconds(60));
            status = job.getJobStatus().get();
        } finally {
            job.cancel().get();
        }
        long end = System.currentTimeMillis();

        assertThat(status)
                .as("the job never failed (restarts are off)")
                .isEqualTo(JobStatus.RUNNING);

        RecordReader<DeadLetter> dlqReader =
                new RecordReader<>(RecordType.DEAD_LETTER, ValidationLimits.defaults());
        Map<String, List<DeadLetter>> byKind = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : deadLetters) {
            DeadLetter d = dlqReader.read(r.value()).value();
            String kind =
                    d.originalKey() == null
                            ? "<no key>"
                            : new String(d.originalKey(), StandardCharsets.UTF_8);
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(d);
        }
        Map<String, ErrorCode> expected = new HashMap<>();
        bad.forEach(b -> expected.put(b.kind(), b.expected()));
        Map<String, String> got = new HashMap<>();
        byKind.forEach(
                (kind, letters) ->
                        got.put(
                                kind,
                                letters.size() == 1
                                        ? letters.get(0).errorCode().name()
                                        : letters.size() + " dead letters"));
        assertThat(got)
                .as("every bad record dead-lettered exactly once with its code, nothing else")
                .isEqualTo(
                        expected.entrySet().stream()
                                .collect(
                                        Collectors.toMap(
                                                Map.Entry::getKey, e -> e.getValue().name())));
        assertThat(byKind.values().stream().flatMap(List::stream))
                .allSatisfy(
                        d -> {
                            assertThat(d.errorMessage()).isNotBlank();
                            assertThat(d.errorMessage())
                                    .as("no raw control or bidi character in a message")
                                    .doesNotContainPattern(
                                            "[\\p{Cntrl}\\u202A-\\u202E\\u2066-\\u2069]");
                            assertThat(d.originalTopic()).isIn(images, features);
                            assertThat(d.originalOffset()).isNotNegative();
                        });
        Map<String, HostileCorpus.BadRecord> byName = new HashMap<>();
        bad.forEach(b -> byName.put(b.kind(), b));
        byKind.forEach(
                (kind, letters) -> {
                    var sent = SENT.get(kind);
                    HostileCorpus.BadRecord record = byName.get(kind);
                    if (sent == null || record == null || letters.size() != 1) {
                        return; // a record without a key: the code check above covers it
                    }
                    DeadLetter d = letters.get(0);
                    assertThat(d.originalTopic()).as("%s topic", kind).isEqualTo(sent.topic());
                    assertThat(d.originalPartition())
                            .as("%s partition", kind)
                            .isEqualTo(sent.partition());
                    assertThat(d.originalOffset()).as("%s offset", kind).isEqualTo(sent.offset());
                    assertThat(d.originalTimestamp())
                            .as("%s timestamp", kind)
                            .isEqualTo(sent.timestamp());
                    byte[] value = record.value() == null ? new byte[0] : record.value();
                    assertThat(d.payloadSize()).as("%s payload size", kind).isEqualTo(value.length);
                    byte[] payload = d.payload() == null ? new byte[0] : d.payload();
                    assertThat(payload)
                            .as("%s payload, whole or its first bytes", kind)
                            .isEqualTo(
                                    d.payloadTruncated()
                                            ? Arrays.copyOf(value, payload.length)
                                            : value);
                });
        assertThat(byKind.keySet().stream().filter(SENT::containsKey))
                .as("coordinates checked for most kinds")
                .hasSizeGreaterThan(40);

        RecordReader<OodScore> scoreReader =
                new RecordReader<>(RecordType.OOD_SCORE, ValidationLimits.defaults());
        List<String> scoredIds =
                scored.stream().map(r -> scoreReader.read(r.value()).value().eventId()).toList();
        assertThat(scoredIds)
                .as("every good event scored exactly once")
                .containsExactlyInAnyOrderElementsOf(good);

        // Images one second apart, vectors two: six full windows of 10 and of 5 events.
        assertThat(gotWindows)
                .as("windows keep coming: every window before the flush events closed")
                .extracting(OodRateWindow::source, OodRateWindow::eventCount)
                .containsExactlyInAnyOrder(
                        java.util.stream.Stream.concat(
                                        java.util.Collections.nCopies(
                                                6,
                                                org.assertj.core.groups.Tuple.tuple(
                                                        "camera-1", 10L))
                                                .stream(),
                                        java.util.Collections.nCopies(
                                                6,
                                                org.assertj.core.groups.Tuple.tuple(
                                                        "embedding-api", 5L))
                                                .stream())
                                .toArray(org.assertj.core.groups.Tuple[]::new));

        List<ConsumerRecord<byte[], byte[]>> outputs = new ArrayList<>(deadLetters);
        outputs.addAll(scored);
        assertThat(outputs)
                .as("output records are stamped with the producer's clock, not event time")
                .allSatisfy(r -> assertThat(r.timestamp()).isBetween(start - 1000, end + 1000));
    }

    /**
     * Sends good events (clothes images to the images topic, their pooled vectors to the features
     * topic, one second apart in event time, ending a minute before now) interleaved with the bad
     * records; returns the good event ids.
     */
    private static List<String> produce(
            String images, String features, List<HostileCorpus.BadRecord> bad, long now)
            throws Exception {
        ImageSet fashion =
                IdxFiles.readImages(
                        Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"), null);
        RecordWriter<ImageEvent> imageWriter = new RecordWriter<>(RecordType.IMAGE_EVENT);
        RecordWriter<FeatureEvent> vectorWriter = new RecordWriter<>(RecordType.FEATURE_EVENT);
        long first = (now - Duration.ofMinutes(3).toMillis()) / 10_000 * 10_000;
        List<String> ids = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> goodRecords = new ArrayList<>();
        for (int i = 0; i < GOOD_IMAGES; i++) {
            byte[] pixels = Arrays.copyOfRange(fashion.pixels(), i * 784, (i + 1) * 784);
            String id = "image-" + i;
            ids.add(id);
            goodRecords.add(
                    new ProducerRecord<>(
                            images,
                            i % 2,
                            null,
                            imageWriter.write(
                                    ImageEvent.of(
                                            id,
                                            "camera-1",
                                            null,
                                            first + i * 1000L,
                                            ImagePayload.raw(pixels, 28, 28, 1),
                                            null))));
            if (i < GOOD_VECTORS) {
                String vid = "vector-" + i;
                ids.add(vid);
                goodRecords.add(
                        new ProducerRecord<>(
                                features,
                                0,
                                null,
                                vectorWriter.write(
                                        new FeatureEvent(
                                                FeatureEvent.VERSION,
                                                vid,
                                                "embedding-api",
                                                null,
                                                first + i * 2000L,
                                                PooledFeatures.of(pixels),
                                                null))));
            }
        }
        // One event per input partition 15 s after the rest moves every partition's watermark
        // past the last full window; their own window stays open.
        for (int p = 0; p < 3; p++) {
            String id = "flush-" + p;
            ids.add(id);
            byte[] pixels = Arrays.copyOfRange(fashion.pixels(), 0, 784);
            goodRecords.add(
                    p < 2
                            ? new ProducerRecord<>(
                                    images,
                                    p,
                                    null,
                                    imageWriter.write(
                                            ImageEvent.of(
                                                    id,
                                                    "camera-1",
                                                    null,
                                                    first + FLUSH_OFFSET,
                                                    ImagePayload.raw(pixels, 28, 28, 1),
                                                    null)))
                            : new ProducerRecord<>(
                                    features,
                                    0,
                                    null,
                                    vectorWriter.write(
                                            new FeatureEvent(
                                                    FeatureEvent.VERSION,
                                                    id,
                                                    "embedding-api",
                                                    null,
                                                    first + FLUSH_OFFSET,
                                                    PooledFeatures.of(pixels),
                                                    null))));
        }
        Properties props = KAFKA.producerProperties();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            int b = 0;
            for (int g = 0; g < goodRecords.size(); g++) {
                producer.send(goodRecords.get(g)).get();
                // Two bad records after every good one, until the corpus is used up.
                for (int k = 0; k < 2 && b < bad.size(); k++, b++) {
                    HostileCorpus.BadRecord r = bad.get(b);
                    SENT.put(
                            r.kind(),
                            producer.send(
                                            new ProducerRecord<>(
                                                    r.imagesTopic() ? images : features,
                                                    b % (r.imagesTopic() ? 2 : 1),
                                                    r.key(),
                                                    r.value()))
                                    .get());
                }
            }
            for (; b < bad.size(); b++) {
                HostileCorpus.BadRecord r = bad.get(b);
                SENT.put(
                        r.kind(),
                        producer.send(
                                        new ProducerRecord<>(
                                                r.imagesTopic() ? images : features,
                                                r.key(),
                                                r.value()))
                                .get());
            }
        }
        return ids;
    }

    /** Waits for {@code expected} committed records, then a little longer for any extra. */
    private static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, int expected) {
        Properties props = KAFKA.consumerProperties("check-" + topic);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "2000000");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 90_000;
            while (System.currentTimeMillis() < deadline && records.size() < expected) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
            }
            // Extras (duplicates) would have been committed by the same checkpoints.
            long settle = System.currentTimeMillis() + 2_000;
            while (System.currentTimeMillis() < settle) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
            }
        }
        return records;
    }
}
