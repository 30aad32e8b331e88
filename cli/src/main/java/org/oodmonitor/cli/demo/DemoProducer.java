package org.oodmonitor.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.PriorityQueue;
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
import org.oodmonitor.schemas.LabelEvent;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/**
 * Sends the demo's traffic at a steady rate with event time = now: Fashion-MNIST images (in
 * distribution), then only footwear (a label shift: each image in distribution, the class mix not),
 * then MNIST digits, then noise (out of distribution), plus an occasional bad record, so that the
 * shifts and the dead letters are visible. Every second image is also sent as a feature event (its
 * pooled pixels) for the vector model. Half the images get a delayed label: their true class a
 * moment later (digits and noise a label no class has, so the model is wrong on them), a few held
 * back past the job's wait, and now and then a second label of the same image.
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
    private final RecordWriter<LabelEvent> labelWriter = new RecordWriter<>(RecordType.LABEL_EVENT);
    private final Random random = new Random(11);
    private final Random labels = new Random(13);

    /** Labels to send, in the order of the event after which they go. */
    private final PriorityQueue<PlannedLabel> pending =
            new PriorityQueue<>(Comparator.comparingLong(PlannedLabel::after));

    private long labelsSent;

    /**
     * A label to send after event {@code after}: of event {@code id}, with {@code trueClass}, or a
     * label no class of the model has when it is null.
     */
    private record PlannedLabel(long after, String id, Integer trueClass) {}

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
                int index = pick(phase);
                byte[] pixels = pixels(phase, index);
                producer.send(new ProducerRecord<>(DemoTopics.IMAGES, image(i, phase, pixels)));
                sent++;
                boolean clothes = phase == Phase.FASHION || phase == Phase.FOOTWEAR;
                planLabel(i, phase, clothes ? fashion.labels()[index] : null, rate);
                sendLabelsDue(producer, i);
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
            // What is still held back goes now: late, for the events whose wait is over.
            sendLabelsDue(producer, Long.MAX_VALUE);
            producer.flush();
        }
        return sent;
    }

    /** Labels sent so far. */
    long labelsSent() {
        return labelsSent;
    }

    /**
     * Plans the label of event {@code i}: for half the images, after 0.1 to 0.6 s of events, within
     * the job's wait; one in ten held back for three times the wait (late), one in fifty sent
     * twice.
     */
    private void planLabel(long i, Phase phase, Integer trueClass, int rate) {
        if (labels.nextBoolean()) {
            return;
        }
        String id = phase.name().toLowerCase() + "-" + i;
        long delay = (long) rate * (100 + labels.nextInt(500)) / 1000;
        if (labels.nextInt(10) == 0) {
            delay = rate * 3 * DemoCommand.LABEL_WAIT.toMillis() / 1000;
        }
        pending.add(new PlannedLabel(i + delay, id, trueClass));
        if (labels.nextInt(50) == 0) {
            pending.add(new PlannedLabel(i + delay + 1, id, trueClass));
        }
    }

    private void sendLabelsDue(KafkaProducer<byte[], byte[]> producer, long i) {
        while (!pending.isEmpty() && pending.peek().after() <= i) {
            PlannedLabel planned = pending.poll();
            LabelEvent label =
                    new LabelEvent(
                            LabelEvent.VERSION,
                            planned.id(),
                            "camera-1",
                            null,
                            planned.trueClass(),
                            planned.trueClass() == null ? "not a class of the model" : null,
                            System.currentTimeMillis(),
                            "demo");
            producer.send(new ProducerRecord<>(DemoTopics.LABELS, labelWriter.write(label)));
            labelsSent++;
        }
    }

    /** The index of the next image of {@code phase} in its set. */
    private int pick(Phase phase) {
        return phase == Phase.FOOTWEAR
                ? footwear[random.nextInt(footwear.length)]
                : random.nextInt(set(phase).count());
    }

    private ImageSet set(Phase phase) {
        return switch (phase) {
            case FASHION, FOOTWEAR -> fashion;
            case DIGITS -> digits;
            case NOISE -> noise;
        };
    }

    private byte[] pixels(Phase phase, int index) {
        return Arrays.copyOfRange(set(phase).pixels(), index * 784, (index + 1) * 784);
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
