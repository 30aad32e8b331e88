package org.oodmonitor.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.job.config.KafkaOptions;
import org.oodmonitor.job.config.LabelOptions;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.job.config.StartingOffsets;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.job.replay.OffsetRange;
import org.oodmonitor.job.replay.ReplayInput;
import org.oodmonitor.job.replay.ReplayJob;
import org.oodmonitor.job.replay.ReplayResult;
import org.oodmonitor.job.replay.ReplayTarget;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.LabelEvent;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.QualityWindow;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/**
 * Delayed labels through Kafka: image events and, on their own topic, labels in shuffled order
 * (some labels read before their scores), a duplicate and a label of an event never sent. Every
 * quality window equals counts the test makes itself from the job's scores and the labels it sent;
 * the duplicate and the orphan are dead letters with their reasons.
 */
class DelayedLabelsITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    private static final Path MODEL = Path.of("../models/fashion-mnist-isomax");
    private static final int PER_WINDOW = 20;

    /**
     * The job's options for topics {@code PREFIX.images}, {@code .labels}, {@code .scores}, {@code
     * .quality}, {@code .dlq}, {@code .alerts} and {@code .windows}, which it creates with {@code
     * partitions} partitions for the inputs.
     */
    private static Configuration job(String prefix, int partitions, Duration maxDelay) {
        KAFKA.createTopics(
                Map.of(
                        prefix + ".images", partitions,
                        prefix + ".labels", partitions,
                        prefix + ".scores", 1,
                        prefix + ".quality", 1,
                        prefix + ".dlq", 1,
                        prefix + ".alerts", 1,
                        prefix + ".windows", 1));
        Configuration config = new Configuration();
        config.set(KafkaOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        // TestTraffic's events are dated 1970, far behind their Kafka timestamps.
        config.set(SourceOptions.EVENT_TIME_MAX_AGE, Duration.ZERO);
        config.set(TopicOptions.IMAGES_TOPIC, prefix + ".images");
        config.set(TopicOptions.FEATURES_TOPIC, "");
        config.set(TopicOptions.SCORES_TOPIC, prefix + ".scores");
        config.set(TopicOptions.ALERTS_TOPIC, prefix + ".alerts");
        config.set(TopicOptions.WINDOWS_TOPIC, prefix + ".windows");
        config.set(TopicOptions.DEAD_LETTER_TOPIC, prefix + ".dlq");
        config.set(TopicOptions.LABELS_TOPIC, prefix + ".labels");
        config.set(TopicOptions.QUALITY_TOPIC, prefix + ".quality");
        config.set(TopicOptions.CONTROL_TOPIC, "");
        config.set(LabelOptions.MAX_DELAY, maxDelay);
        // No input goes idle while the test runs: the join's event time moves only when both the
        // scores and the labels have moved it, whichever source a slow machine reads first.
        config.set(SourceOptions.IDLENESS, Duration.ofMinutes(10));
        config.set(ModelOptions.MODELS, Map.of("fashion", MODEL.toString()));
        config.set(ModelOptions.DEFAULT_MODEL, "fashion");
        config.set(KafkaOptions.STARTING_OFFSETS, StartingOffsets.EARLIEST);
        config.set(WindowOptions.WINDOW_SIZE, Duration.ofSeconds(1));
        config.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, prefix);
        config.set(KafkaOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(1));
        return config;
    }

    private static List<OffsetRange> whole(String topic, int partitions) {
        Properties props = KAFKA.consumerProperties("ends-" + topic);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            List<OffsetRange> ranges = new ArrayList<>();
            consumer.endOffsets(all).forEach((tp, end) -> ranges.add(new OffsetRange(tp, 0, end)));
            return ranges;
        }
    }

    private static List<String> lines(List<QualityWindow> windows) {
        RecordWriter<QualityWindow> writer = new RecordWriter<>(RecordType.QUALITY_WINDOW);
        return windows.stream()
                .map(w -> new String(writer.write(w), java.nio.charset.StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void qualityWindowsMatchCountsMadeFromTheScoresAndTheLabels(@TempDir Path tmp)
            throws Exception {
        String prefix = KafkaBrokerExtension.uniqueTopic("labels");
        String images = prefix + ".images";
        String labels = prefix + ".labels";
        String scores = prefix + ".scores";
        String quality = prefix + ".quality";
        String dlq = prefix + ".dlq";
        Configuration config = job(prefix, 2, Duration.ofSeconds(1));
        int[] truth =
                IdxFiles.readLabels(Path.of("../samples/fashion-mnist/t10k-labels-idx1-ubyte.gz"));
        Random random = new Random(7);
        Map<String, Integer> sentLabels = new HashMap<>();
        List<byte[]> labelRecords = new ArrayList<>();
        RecordWriter<LabelEvent> writer = new RecordWriter<>(RecordType.LABEL_EVENT);
        try (var producer = new KafkaProducer<byte[], byte[]>(KAFKA.producerProperties())) {
            for (int i = 0; i < 2 * PER_WINDOW; i++) {
                long time = i * (1000L / PER_WINDOW);
                String id = "e" + i;
                producer.send(new ProducerRecord<>(images, TestTraffic.fashionEvent(id, i, time)));
                // Three out of four events get a label, some of them a wrong one.
                if (i % 4 != 3) {
                    int label = i % 5 == 0 ? (truth[i] + 1) % 10 : truth[i];
                    sentLabels.put(id, label);
                    labelRecords.add(
                            writer.write(
                                    LabelEvent.ofClass(
                                            id, "camera-1", label, time + random.nextInt(800))));
                }
            }
            labelRecords.add(
                    writer.write(LabelEvent.ofClass("e0", "camera-1", sentLabels.get("e0"), 950)));
            labelRecords.add(writer.write(LabelEvent.ofClass("ghost", "camera-1", 1, 400)));
            Collections.shuffle(labelRecords, random);
            for (byte[] record : labelRecords) {
                producer.send(new ProducerRecord<>(labels, record));
            }
            producer.flush();
        }

        config.set(SourceOptions.OUT_OF_ORDERNESS, Duration.ofSeconds(5));
        config.set(KafkaOptions.BOUNDED, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        KafkaMonitorJob.wire(env, config);
        env.execute("delayed-labels-it");

        List<OodScore> scored =
                TestTraffic.readCommitted(KAFKA, scores, RecordType.OOD_SCORE, 2 * PER_WINDOW);
        List<QualityWindow> windows =
                TestTraffic.readCommitted(KAFKA, quality, RecordType.QUALITY_WINDOW, 2);
        assertThat(windows).hasSize(2);
        for (QualityWindow window : windows) {
            long labelled = 0;
            long correct = 0;
            long errorsOod = 0;
            Map<String, long[]> byClass = new TreeMap<>();
            for (OodScore s : scored) {
                if (s.eventTime() < window.windowStart() || s.eventTime() >= window.windowEnd()) {
                    continue;
                }
                Integer label = sentLabels.get(s.eventId());
                if (label == null) {
                    continue;
                }
                labelled++;
                boolean right = label == s.predictedClass();
                correct += right ? 1 : 0;
                errorsOod += !right && s.isOod() ? 1 : 0;
                long[] c = byClass.computeIfAbsent(Integer.toString(label), k -> new long[2]);
                c[0]++;
                c[1] += right ? 1 : 0;
            }
            assertThat(window.eventCount()).isEqualTo(PER_WINDOW);
            assertThat(window.labelledCount()).as("the duplicate counts once").isEqualTo(labelled);
            assertThat(window.accuracy()).isEqualTo((double) correct / labelled);
            assertThat(window.errors()).isEqualTo(labelled - correct);
            assertThat(window.errorsFlaggedOod()).isEqualTo(errorsOod);
            assertThat(window.classRecall()).hasSize(byClass.size());
            byClass.forEach(
                    (c, n) ->
                            assertThat(window.classRecall())
                                    .containsEntry(c, (double) n[1] / n[0]));
            assertThat(window.expectedCalibrationError()).isBetween(0.0, 1.0);
        }
        // A replay of the same records, batch and streaming, writes the same quality windows.
        ReplayInput input =
                new ReplayInput(whole(images, 2), List.of(), null, null, null, whole(labels, 2));
        for (RuntimeExecutionMode mode :
                List.of(RuntimeExecutionMode.BATCH, RuntimeExecutionMode.STREAMING)) {
            ReplayResult replay =
                    ReplayJob.run(
                            config,
                            PipelineSettings.from(config).forReplay(),
                            input,
                            ReplayTarget.parse("dir:" + tmp.resolve(mode.name())),
                            mode,
                            null);
            assertThat(lines(replay.quality()))
                    .as("%s replay", mode)
                    .isEqualTo(lines(windows.stream().sorted(ReplayResult.QUALITY_ORDER).toList()));
        }
        List<DeadLetter> letters = TestTraffic.readCommitted(KAFKA, dlq, RecordType.DEAD_LETTER, 2);
        assertThat(letters)
                .extracting(DeadLetter::errorCode)
                .containsExactlyInAnyOrder(
                        ErrorCode.DUPLICATE_LABEL, ErrorCode.LABEL_WITHOUT_EVENT);
        assertThat(letters).allSatisfy(l -> assertThat(l.originalTopic()).isEqualTo(labels));
    }

    /**
     * Scores in the join's state waiting for their labels, half of them labelled, when the job is
     * stopped with a savepoint; the other labels and a duplicate come while it is down. Restored,
     * the job counts every label once: none lost, none twice.
     */
    @Test
    void aSavepointInTheMiddleOfTheWaitLosesNoLabelAndCountsNoneTwice(@TempDir Path tmp)
            throws Exception {
        String prefix = KafkaBrokerExtension.uniqueTopic("labels-savepoint");
        String images = prefix + ".images";
        String labels = prefix + ".labels";
        String scores = prefix + ".scores";
        String quality = prefix + ".quality";
        String dlq = prefix + ".dlq";
        // Long enough that nothing leaves the join while the first run lasts.
        Configuration config = job(prefix, 1, Duration.ofMinutes(10));
        // One subtask per operator: the labels sent while the job was down are joined before
        // any wait ends, however the two inputs are read.
        RecordWriter<LabelEvent> writer = new RecordWriter<>(RecordType.LABEL_EVENT);
        try (var producer = new KafkaProducer<byte[], byte[]>(KAFKA.producerProperties())) {
            for (int i = 0; i < PER_WINDOW; i++) {
                producer.send(
                        new ProducerRecord<>(
                                images, TestTraffic.fashionEvent("e" + i, i, i * 40L)));
                if (i < PER_WINDOW / 2) {
                    producer.send(
                            new ProducerRecord<>(
                                    labels,
                                    writer.write(
                                            LabelEvent.ofClass("e" + i, "camera-1", 1, i * 40L))));
                }
            }
            producer.flush();
        }
        StreamExecutionEnvironment first = StreamExecutionEnvironment.getExecutionEnvironment();
        first.setParallelism(1);
        first.enableCheckpointing(300);
        KafkaMonitorJob.wire(first, config);
        var job = first.executeAsync("labels-before-savepoint");
        assertThat(TestTraffic.readCommitted(KAFKA, scores, RecordType.OOD_SCORE, PER_WINDOW))
                .as("every event scored, so every score waits in the join")
                .hasSize(PER_WINDOW);
        String savepoint =
                job.stopWithSavepoint(
                                false,
                                tmp.resolve("savepoints").toUri().toString(),
                                org.apache.flink.core.execution.SavepointFormatType.CANONICAL)
                        .get();

        try (var producer = new KafkaProducer<byte[], byte[]>(KAFKA.producerProperties())) {
            for (int i = PER_WINDOW / 2; i < PER_WINDOW; i++) {
                producer.send(
                        new ProducerRecord<>(
                                labels,
                                writer.write(LabelEvent.ofClass("e" + i, "camera-1", 1, i * 40L))));
            }
            producer.send(
                    new ProducerRecord<>(
                            labels, writer.write(LabelEvent.ofClass("e0", "camera-1", 1, 5L))));
            // Much later traffic moves event time past the first window's wait.
            long later = 700_000;
            producer.send(new ProducerRecord<>(images, TestTraffic.fashionEvent("late", 0, later)));
            producer.send(
                    new ProducerRecord<>(
                            labels,
                            writer.write(LabelEvent.ofClass("late", "camera-1", 1, later))));
            producer.flush();
        }
        Configuration flink = new Configuration();
        flink.set(org.apache.flink.configuration.StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment second =
                StreamExecutionEnvironment.getExecutionEnvironment(flink);
        second.setParallelism(1);
        second.enableCheckpointing(300);
        KafkaMonitorJob.wire(second, config);
        var restoredJob = second.executeAsync("labels-after-savepoint");
        List<QualityWindow> windows;
        try {
            windows = TestTraffic.readCommitted(KAFKA, quality, RecordType.QUALITY_WINDOW, 1);
        } finally {
            restoredJob.cancel().get();
        }
        assertThat(windows)
                .singleElement()
                .satisfies(
                        w -> {
                            assertThat(w.eventCount()).isEqualTo(PER_WINDOW);
                            assertThat(w.labelledCount())
                                    .as("the labels of both runs, each once")
                                    .isEqualTo(PER_WINDOW);
                        });
        assertThat(TestTraffic.readCommitted(KAFKA, dlq, RecordType.DEAD_LETTER, 1))
                .extracting(DeadLetter::errorCode)
                .containsExactly(ErrorCode.DUPLICATE_LABEL);
    }
}
