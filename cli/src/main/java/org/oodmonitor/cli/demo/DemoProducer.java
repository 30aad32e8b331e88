package org.oodmonitor.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.MnistDigitsJson;
import org.oodmonitor.inference.data.NoiseImages;
import org.oodmonitor.inference.data.PooledFeatures;
import org.oodmonitor.schemas.FeatureEvent;
import org.oodmonitor.schemas.ImageEvent;
import org.oodmonitor.schemas.ImagePayload;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/**
 * Sends the demo's traffic at a steady rate with event time = now: Fashion-MNIST images (in
 * distribution), then only footwear (a label shift: each image in distribution, the class mix not),
 * then MNIST digits, then noise (out of distribution), plus an occasional bad record, so that the
 * shifts and the dead letters are visible. Every second image is also sent as a feature event (its
 * pooled pixels) for the vector model.
 */
final class DemoProducer {

    /** The traffic phase of event {@code i} of a cycle of {@code cycle} events. */
    enum Phase {
        FASHION,
        FOOTWEAR,
        DIGITS,
        NOISE
    }

    /** Sandal, Sneaker and Ankle boot. */
    private static final Set<Integer> FOOTWEAR_CLASSES = Set.of(5, 7, 9);

    private final String bootstrap;
    private final Properties clients;
    private final ImageSet fashion;
    private final ImageSet digits;
    private final ImageSet noise;
    private final int[] footwear;
    private final RecordWriter<ImageEvent> writer = new RecordWriter<>(RecordType.IMAGE_EVENT);
    private final RecordWriter<FeatureEvent> featureWriter =
            new RecordWriter<>(RecordType.FEATURE_EVENT);
    private final Random random = new Random(11);

    DemoProducer(String bootstrap, Properties clients, Path samples) throws IOException {
        this.bootstrap = bootstrap;
        this.clients = clients;
        this.fashion =
                IdxFiles.readImages(
                        samples.resolve("fashion-mnist/t10k-images-idx3-ubyte.gz"),
                        samples.resolve("fashion-mnist/t10k-labels-idx1-ubyte.gz"));
        this.footwear = fashion.indicesOf(FOOTWEAR_CLASSES);
        this.digits = MnistDigitsJson.read(samples.resolve("mnist-digits"));
        this.noise = NoiseImages.uniform(200, 28, 28, 5);
    }

    static Phase phase(long i, long cycle) {
        long k = i % cycle;
        if (k < 3 * cycle / 10) {
            return Phase.FASHION;
        }
        if (k < 6 * cycle / 10) {
            return Phase.FOOTWEAR;
        }
        return k < 8 * cycle / 10 ? Phase.DIGITS : Phase.NOISE;
    }

    /** Sends {@code events} events (forever when negative) at {@code rate} per second. */
    long run(long events, int rate, long cycle, DemoPrinter printer) throws InterruptedException {
        Properties p = new Properties();
        p.putAll(clients);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        long sent = 0;
        Phase last = null;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (long i = 0; events < 0 || i < events; i++) {
                Phase phase = phase(i, cycle);
                if (phase != last) {
                    printer.phase(phase.name().toLowerCase(), i);
                    last = phase;
                }
                byte[] pixels = pick(phase);
                producer.send(new ProducerRecord<>(DemoTopics.IMAGES, image(i, phase, pixels)));
                sent++;
                if (i % 2 == 0) {
                    producer.send(
                            new ProducerRecord<>(DemoTopics.FEATURES, features(i, phase, pixels)));
                    sent++;
                }
                if (i % 97 == 96) {
                    producer.send(
                            new ProducerRecord<>(
                                    DemoTopics.IMAGES,
                                    ("{\"event_id\": \"broken-" + i)
                                            .getBytes(StandardCharsets.UTF_8)));
                    sent++;
                }
                long due = start + (i + 1) * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            producer.flush();
        }
        return sent;
    }

    private byte[] pick(Phase phase) {
        ImageSet set =
                switch (phase) {
                    case FASHION, FOOTWEAR -> fashion;
                    case DIGITS -> digits;
                    case NOISE -> noise;
                };
        int index =
                phase == Phase.FOOTWEAR
                        ? footwear[random.nextInt(footwear.length)]
                        : random.nextInt(set.count());
        return Arrays.copyOfRange(set.pixels(), index * 784, (index + 1) * 784);
    }

    private byte[] image(long i, Phase phase, byte[] pixels) {
        String id = phase.name().toLowerCase() + "-" + i;
        return writer.write(
                ImageEvent.of(
                        id,
                        "camera-1",
                        null,
                        System.currentTimeMillis(),
                        ImagePayload.raw(pixels, 28, 28, 1),
                        null));
    }

    /** An embedding of the same image for the vector model: its 4x4-pooled pixels. */
    private byte[] features(long i, Phase phase, byte[] pixels) {
        String id = phase.name().toLowerCase() + "-vec-" + i;
        return featureWriter.write(
                FeatureEvent.of(
                        id,
                        "embedding-api",
                        DemoCommand.VECTOR_MODEL,
                        System.currentTimeMillis(),
                        PooledFeatures.of(pixels),
                        null));
    }
}
