package org.oodmonitor.sql;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.MnistDigitsJson;
import org.oodmonitor.inference.data.PooledFeatures;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.ImageEncoding;
import org.oodmonitor.schemas.ImageEvent;
import org.oodmonitor.schemas.ImagePayload;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/**
 * The rows of the SQL tests and the same events as the job reads them: Fashion-MNIST test images
 * (in distribution) and MNIST digits (out of it), as PNG files, and their pooled 49-value vectors.
 */
final class SqlTestData {

    static final Path IMAGE_MODEL = Path.of("../models/fashion-mnist-isomax");
    static final Path VECTOR_MODEL = Path.of("../models/fashion-pooled-vectors");

    private SqlTestData() {}

    /** {@code n} images of each kind, interleaved: 28x28 gray pixels. */
    static List<byte[]> pixels(int n) throws IOException {
        ImageSet fashion =
                IdxFiles.readImages(
                        Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"), null);
        ImageSet digits = MnistDigitsJson.read(Path.of("../samples/mnist-digits"));
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Arrays.copyOfRange(fashion.pixels(), i * 784, (i + 1) * 784));
            int d = (i * 37) % digits.count();
            out.add(Arrays.copyOfRange(digits.pixels(), d * 784, (d + 1) * 784));
        }
        return out;
    }

    /** A gray 28x28 PNG of {@code pixels}. */
    static byte[] png(byte[] pixels) throws IOException {
        java.awt.image.BufferedImage img =
                new java.awt.image.BufferedImage(
                        28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                img.getRaster().setSample(x, y, 0, pixels[y * 28 + x] & 0xff);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** The image event the job reads for the PNG {@code file}. */
    static RawRecord imageEvent(int id, byte[] file) {
        return RawRecord.of(
                "images",
                id,
                new RecordWriter<>(RecordType.IMAGE_EVENT)
                        .write(
                                ImageEvent.of(
                                        "e" + id,
                                        "sql",
                                        null,
                                        1000L + id,
                                        ImagePayload.encoded(ImageEncoding.PNG, file),
                                        null)));
    }

    /** The pooled features of {@code pixels}, the vector model's input. */
    static float[] vector(byte[] pixels) {
        return PooledFeatures.of(pixels);
    }

    /** The feature event the job reads for {@code vector}. */
    static RawRecord featureEvent(int id, float[] vector) {
        String values =
                java.util.stream.IntStream.range(0, vector.length)
                        .mapToObj(i -> Float.toString(vector[i]))
                        .collect(Collectors.joining(","));
        String json =
                "{\"schema_version\":1,\"event_id\":\"e"
                        + id
                        + "\",\"source\":\"sql\",\"event_time\":"
                        + (1000L + id)
                        + ",\"features\":["
                        + values
                        + "]}";
        return RawRecord.of("features", id, json.getBytes(StandardCharsets.UTF_8));
    }
}
