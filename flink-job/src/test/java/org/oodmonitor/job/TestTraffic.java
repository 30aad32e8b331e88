package org.oodmonitor.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.MnistDigitsJson;
import org.oodmonitor.inference.reference.ReferenceVerdict;
import org.oodmonitor.inference.reference.ReferenceVerdicts;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.ImageEvent;
import org.oodmonitor.schemas.ImagePayload;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.serialization.RecordWriter;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * Known traffic for the integration tests: {@code n} Fashion-MNIST images in event-time window [0,
 * 1000) then {@code n} MNIST digits in [1000, 2000), with the alerts that the committed model and
 * its alert detector must raise, computed by the independent plain-Java {@link ReferenceVerdicts}
 * (not the served DJL and scoring code under test). Every image must be a clear decision, far
 * enough from the threshold that two correct implementations cannot disagree.
 *
 * @param ids event ids in order
 * @param values the ImageEvent JSON of each
 * @param expectedAlerts ids the model's alert detector flags
 * @param expectedOod OOD count of the first and of the second window
 * @param verdicts the reference's verdict of each event, in order
 */
public record TestTraffic(
        List<String> ids,
        List<byte[]> values,
        List<String> expectedAlerts,
        long[] expectedOod,
        List<ReferenceVerdict> verdicts) {

    public static final Path MODEL = Path.of("../models/fashion-mnist-isomax");

    /**
     * @throws IllegalStateException when an image's decision is too close to the threshold to be an
     *     expectation (choose other offsets)
     */
    public static TestTraffic of(int n, int fashionOffset, int digitStride) throws IOException {
        ImageSet fashion =
                IdxFiles.readImages(
                        Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"), null);
        ImageSet digits = MnistDigitsJson.read(Path.of("../samples/mnist-digits"));
        TestTraffic traffic =
                new TestTraffic(
                        new ArrayList<>(),
                        new ArrayList<>(),
                        new ArrayList<>(),
                        new long[2],
                        new ArrayList<>());
        long step = 1000 / n;
        ReferenceVerdicts reference = ReferenceVerdicts.load(MODEL);
        for (int i = 0; i < 2 * n; i++) {
            boolean digit = i >= n;
            int index = digit ? (i - n) * digitStride : i + fashionOffset;
            byte[] pixels =
                    Arrays.copyOfRange(
                            (digit ? digits : fashion).pixels(), index * 784, (index + 1) * 784);
            String id = (digit ? "digit-" : "fashion-") + index;
            long time = digit ? 1000 + (i - n) * step : i * step;
            traffic.ids.add(id);
            traffic.values.add(imageEvent(id, pixels, time));
            ReferenceVerdict verdict = reference.ofImage(pixels);
            if (!verdict.clear()) {
                throw new IllegalStateException(
                        id + " is within the reference's margin of the threshold: " + verdict);
            }
            traffic.verdicts.add(verdict);
            if (verdict.ood()) {
                traffic.expectedAlerts.add(id);
                traffic.expectedOod[digit ? 1 : 0]++;
            }
        }
        return traffic;
    }

    /**
     * One image event of source camera-1: Fashion-MNIST test image {@code index} at {@code time}.
     */
    public static byte[] fashionEvent(String id, int index, long time) throws IOException {
        ImageSet fashion =
                IdxFiles.readImages(
                        Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"), null);
        return imageEvent(
                id, Arrays.copyOfRange(fashion.pixels(), index * 784, (index + 1) * 784), time);
    }

    /** What a test does part-way through {@link #continuousFashion}, with its producer. */
    public interface Midstream {
        void run(KafkaProducer<byte[], byte[]> producer) throws Exception;
    }

    /**
     * Continuous traffic for model-control tests: {@code events} Fashion-MNIST test images (cycling
     * through the first 500) at event times {@code i * step}, 20 every 100 ms, with {@code
     * midstream} run before event {@code at}; then one event per partition at {@code tailTime},
     * which moves every partition's event time on so that every window closes.
     */
    public static void continuousFashion(
            KafkaBrokerExtension kafka,
            String topic,
            int events,
            long step,
            int at,
            Midstream midstream,
            int partitions,
            long tailTime)
            throws Exception {
        ImageSet fashion =
                IdxFiles.readImages(
                        Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"), null);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(kafka.producerProperties())) {
            for (int i = 0; i < events; i++) {
                if (i == at) {
                    midstream.run(producer);
                }
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                imageEvent(
                                        "e" + i,
                                        Arrays.copyOfRange(
                                                fashion.pixels(),
                                                (i % 500) * 784,
                                                (i % 500 + 1) * 784),
                                        i * step)));
                if (i % 20 == 19) {
                    producer.flush();
                    Thread.sleep(100);
                }
            }
            for (int p = 0; p < partitions; p++) {
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                p,
                                null,
                                imageEvent(
                                        "tail" + p,
                                        Arrays.copyOfRange(fashion.pixels(), 0, 784),
                                        tailTime)));
            }
            producer.flush();
        }
    }

    /** One raw 28x28 gray image event of source camera-1, as JSON. */
    public static byte[] imageEvent(String id, byte[] pixels, long time) {
        return new RecordWriter<>(RecordType.IMAGE_EVENT)
                .write(
                        ImageEvent.of(
                                id,
                                "camera-1",
                                null,
                                time,
                                ImagePayload.raw(pixels, 28, 28, 1),
                                null));
    }

    /** Scores read committed from {@code topic} until {@code count} distinct events have one. */
    public static List<OodScore> readScoresOfDistinctEvents(
            KafkaBrokerExtension kafka, String topic, int count, Duration timeout) {
        return readCommittedUntil(
                kafka,
                topic,
                RecordType.OOD_SCORE,
                s -> s.stream().map(OodScore::eventId).distinct().count() >= count,
                timeout);
    }

    /** Sends the traffic to {@code topic}, keyed by event id. */
    public void produce(KafkaBrokerExtension kafka, String topic) {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(kafka.producerProperties())) {
            for (int i = 0; i < ids.size(); i++) {
                producer.send(
                        new ProducerRecord<>(
                                topic, ids.get(i).getBytes(StandardCharsets.UTF_8), values.get(i)));
            }
            producer.flush();
        }
    }

    /** Sends the traffic to {@code topic} in two Kafka transactions, keyed by event id. */
    public void produceTransactionally(KafkaBrokerExtension kafka, String topic) {
        Properties props = kafka.producerProperties();
        props.put("transactional.id", topic + "-producer");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            int half = ids.size() / 2;
            for (int[] part : new int[][] {{0, half}, {half, ids.size()}}) {
                producer.beginTransaction();
                for (int i = part[0]; i < part[1]; i++) {
                    producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    ids.get(i).getBytes(StandardCharsets.UTF_8),
                                    values.get(i)));
                }
                producer.commitTransaction();
            }
        }
    }

    /**
     * What a read_committed consumer finds on {@code topic}: waits for {@code expected}, then a
     * little longer for extras.
     */
    public static <T> List<T> readCommitted(
            KafkaBrokerExtension kafka, String topic, RecordType<T> type, int expected) {
        Properties props = kafka.consumerProperties("check-" + topic);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        RecordReader<T> reader = new RecordReader<>(type, ValidationLimits.defaults());
        List<T> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(300))
                        .forEach(r -> values.add(reader.read(r.value()).value()));
                if (values.size() >= expected) {
                    consumer.poll(Duration.ofMillis(1500))
                            .forEach(r -> values.add(reader.read(r.value()).value()));
                    break;
                }
            }
        }
        return values;
    }

    /**
     * Everything committed on {@code topic}: reads up to the end offsets a read_committed consumer
     * sees now (the last stable offset), no fixed wait. For topics whose writer has finished, such
     * as a bounded job's after it ended, this is exactly what it committed, duplicates included.
     */
    public static <T> List<T> readAllCommitted(
            KafkaBrokerExtension kafka, String topic, RecordType<T> type) {
        Properties props = kafka.consumerProperties("all-" + topic + "-" + System.nanoTime());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        RecordReader<T> reader = new RecordReader<>(type, ValidationLimits.defaults());
        List<T> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<org.apache.kafka.common.TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(
                                    p ->
                                            new org.apache.kafka.common.TopicPartition(
                                                    topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 60_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("could not read " + topic + " to " + end + " in 60 s");
                }
                consumer.poll(Duration.ofMillis(300))
                        .forEach(r -> values.add(reader.read(r.value()).value()));
            }
        }
        return values;
    }

    /**
     * What a read_committed consumer finds on {@code topic} once {@code done} holds for everything
     * read so far, or when {@code timeout} has passed.
     */
    public static <T> List<T> readCommittedUntil(
            KafkaBrokerExtension kafka,
            String topic,
            RecordType<T> type,
            java.util.function.Predicate<List<T>> done,
            Duration timeout) {
        Properties props = kafka.consumerProperties("check-" + topic + "-" + System.nanoTime());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        RecordReader<T> reader = new RecordReader<>(type, ValidationLimits.defaults());
        List<T> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (System.currentTimeMillis() < deadline && !done.test(values)) {
                consumer.poll(Duration.ofMillis(300))
                        .forEach(r -> values.add(reader.read(r.value()).value()));
            }
        }
        return values;
    }
}
