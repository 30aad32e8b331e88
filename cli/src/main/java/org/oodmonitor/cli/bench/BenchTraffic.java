package org.oodmonitor.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.PooledFeatures;
import org.oodmonitor.schemas.FeatureEvent;
import org.oodmonitor.schemas.ImageEvent;
import org.oodmonitor.schemas.ImagePayload;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/** The benchmark's events: the committed Fashion-MNIST test sample, as raw images or vectors. */
final class BenchTraffic {

    private final boolean images;
    private final ImageSet fashion;
    private final RecordWriter<ImageEvent> imageWriter = new RecordWriter<>(RecordType.IMAGE_EVENT);
    private final RecordWriter<FeatureEvent> featureWriter =
            new RecordWriter<>(RecordType.FEATURE_EVENT);

    BenchTraffic(boolean images, Path samples) throws IOException {
        this.images = images;
        this.fashion =
                IdxFiles.readImages(
                        samples.resolve("fashion-mnist/t10k-images-idx3-ubyte.gz"), null);
    }

    /** The pixels of sample image {@code i} (cycling through the sample). */
    byte[] pixels(int i) {
        int k = i % fashion.count();
        return Arrays.copyOfRange(fashion.pixels(), k * 784, (k + 1) * 784);
    }

    /** Uniform noise pixels, the same for the same {@code i}: a broken sensor's image. */
    static byte[] noise(int i) {
        byte[] px = new byte[784];
        new java.util.Random(i).nextBytes(px);
        return px;
    }

    /** Event {@code i} with event time {@code time}, as JSON. */
    byte[] event(int i, long time) {
        return event(i, time, false);
    }

    /** Event {@code i} with event time {@code time}, of noise pixels when {@code noise}. */
    byte[] event(int i, long time, boolean noise) {
        return event(i, time, noise, images ? "camera-1" : "embedding-api");
    }

    /**
     * Event {@code i} from {@code source}, of noise pixels when {@code noise}; feature events name
     * their model, so that any source name reaches it.
     */
    byte[] event(int i, long time, boolean noise, String source) {
        byte[] pixels = noise ? noise(i) : pixels(i);
        String id = "bench-" + i;
        if (images) {
            return imageWriter.write(
                    ImageEvent.of(
                            id, source, null, time, ImagePayload.raw(pixels, 28, 28, 1), null));
        }
        return featureWriter.write(
                new FeatureEvent(
                        FeatureEvent.VERSION,
                        id,
                        source,
                        "fashion-pooled-vectors",
                        time,
                        PooledFeatures.of(pixels),
                        null));
    }

    /** Produces events {@code 0..count-1} to {@code topic}, event times one ms apart up to now. */
    void preload(KafkaProducer<byte[], byte[]> producer, String topic, int count) {
        long first = System.currentTimeMillis() - count;
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(
                    producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    ("bench-" + i).getBytes(StandardCharsets.UTF_8),
                                    event(i, first + i))));
        }
        producer.flush();
        sent.clear();
    }
}
