package org.oodmonitor.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.PooledFeatures;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.schemas.FeatureEvent;
import org.oodmonitor.schemas.ImageEncoding;
import org.oodmonitor.schemas.ImageEvent;
import org.oodmonitor.schemas.ImagePayload;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;
import org.oodmonitor.training.data.ImageFiles;

/**
 * The benchmark's events: the committed Fashion-MNIST test sample, as raw images or vectors, or the
 * image files of a user's model as they are (PNG or JPEG).
 */
final class BenchTraffic {

    /** The most image files read for a user's model's events. */
    static final int MAX_FILES = 1000;

    /** Side of the raw RGB noise images of a user's model. */
    private static final int NOISE_SIDE = 32;

    private final boolean images;
    private final ImageSet fashion;
    private final List<byte[]> files;
    private final List<ImageEncoding> encodings;
    private final RecordWriter<ImageEvent> imageWriter = new RecordWriter<>(RecordType.IMAGE_EVENT);
    private final RecordWriter<FeatureEvent> featureWriter =
            new RecordWriter<>(RecordType.FEATURE_EVENT);

    BenchTraffic(boolean images, Path samples) throws IOException {
        this.images = images;
        this.fashion =
                IdxFiles.readImages(
                        samples.resolve("fashion-mnist/t10k-images-idx3-ubyte.gz"), null);
        this.files = null;
        this.encodings = null;
    }

    private BenchTraffic(List<byte[]> files, List<ImageEncoding> encodings) {
        this.images = true;
        this.fashion = null;
        this.files = files;
        this.encodings = encodings;
    }

    /**
     * Events of the PNG and JPEG files under {@code folder} (the first {@link #MAX_FILES}), cycled.
     *
     * @throws IOException when the folder holds no image or a file cannot be read
     */
    static BenchTraffic ofFiles(Path folder) throws IOException {
        ImageFiles found = ImageFiles.unlabelled(folder);
        List<byte[]> bytes = new ArrayList<>();
        List<ImageEncoding> encodings = new ArrayList<>();
        // Events cycle through the files: a thousand are variety enough and bound the memory.
        for (Path file : found.files().subList(0, Math.min(MAX_FILES, found.count()))) {
            bytes.add(Files.readAllBytes(file));
            encodings.add(
                    "png".equals(ImageFiles.encodingOf(file))
                            ? ImageEncoding.PNG
                            : ImageEncoding.JPEG);
        }
        return new BenchTraffic(bytes, encodings);
    }

    /** The model input of event {@code i}'s image or vector, as the job makes it. */
    float[] modelInput(OodModel model, int i) throws Exception {
        if (files != null) {
            int k = i % files.size();
            return model.preprocessor().image(encodings.get(k).wireName(), files.get(k), 0, 0, 0);
        }
        return images
                ? model.preprocessor().grayImages(pixels(i), 0, 1)
                : PooledFeatures.of(pixels(i));
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
        String id = "bench-" + i;
        if (files != null) {
            int k = i % files.size();
            ImagePayload payload;
            if (noise) {
                byte[] px = new byte[NOISE_SIDE * NOISE_SIDE * 3];
                new java.util.Random(i).nextBytes(px);
                payload = ImagePayload.raw(px, NOISE_SIDE, NOISE_SIDE, 3);
            } else {
                payload = ImagePayload.encoded(encodings.get(k), files.get(k));
            }
            return imageWriter.write(ImageEvent.of(id, source, null, time, payload, null));
        }
        byte[] pixels = noise ? noise(i) : pixels(i);
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
