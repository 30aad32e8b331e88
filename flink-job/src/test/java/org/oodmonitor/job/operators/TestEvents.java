package org.oodmonitor.job.operators;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.MnistDigitsJson;
import org.oodmonitor.inference.scoring.EventInput;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.source.MonitorEvent;
import org.oodmonitor.job.source.RawRecord;

/** Real events from the committed samples, and the committed default model. */
final class TestEvents {

    static final Path MODEL = Path.of("../models/fashion-mnist-isomax");
    static final String MODEL_NAME = "fashion";

    private static ImageSet fashion;
    private static ImageSet digits;

    private TestEvents() {}

    /** The score records a scoring operator's harness has emitted so far, in order. */
    static java.util.List<org.oodmonitor.schemas.OodScore> scores(
            org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness<
                            org.oodmonitor.job.scoring.ScoredEvent>
                    harness) {
        return new java.util.ArrayList<>(
                harness.extractOutputValues().stream()
                        .map(org.oodmonitor.job.scoring.ScoredEvent::score)
                        .toList());
    }

    static ModelSpecs specs() {
        return ModelSpecs.single(MODEL_NAME, MODEL);
    }

    static synchronized MonitorEvent fashion(int index) throws IOException {
        if (fashion == null) {
            fashion =
                    IdxFiles.readImages(
                            Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"), null);
        }
        return raw("fashion-" + index, fashion, index, null);
    }

    static synchronized MonitorEvent digit(int index) throws IOException {
        if (digits == null) {
            digits = MnistDigitsJson.read(Path.of("../samples/mnist-digits"));
        }
        return raw("digit-" + index, digits, index, null);
    }

    static MonitorEvent withModel(MonitorEvent e, String model) {
        return with(e, model, e.raw());
    }

    /** {@code e} as if read from Kafka partition 0 with record timestamp {@code timestamp}. */
    static MonitorEvent withKafkaTimestamp(MonitorEvent e, long timestamp) {
        RawRecord raw = e.raw();
        return with(
                e,
                e.modelName(),
                new RawRecord(raw.topic(), 0, raw.offset(), timestamp, null, raw.value()));
    }

    /**
     * Fashion-MNIST test image {@code index} at event time {@code eventTime}, id {@code ID@TIME}.
     */
    static MonitorEvent fashionAt(int index, long eventTime) throws IOException {
        MonitorEvent e = fashion(index);
        return with(e, e.eventId() + "@" + eventTime, e.modelName(), eventTime, e.raw());
    }

    private static MonitorEvent with(MonitorEvent e, String model, RawRecord raw) {
        return with(e, e.eventId(), model, e.eventTime(), raw);
    }

    private static MonitorEvent with(
            MonitorEvent e, String id, String model, long eventTime, RawRecord raw) {
        return new MonitorEvent(id, e.source(), model, eventTime, e.input(), e.attributes(), raw);
    }

    static MonitorEvent image(
            String id, String encoding, byte[] data, Integer h, Integer w, Integer c) {
        return new MonitorEvent(
                id,
                "camera-1",
                null,
                1000L,
                new EventInput.Image(
                        encoding, data, h == null ? 0 : h, w == null ? 0 : w, c == null ? 1 : c),
                null,
                RawRecord.of("images", 7, ("{\"event_id\":\"" + id + "\"}").getBytes()));
    }

    static MonitorEvent vector(String id, int dimension) {
        float[] v = new float[dimension];
        Arrays.fill(v, 0.5f);
        return new MonitorEvent(
                id,
                "api",
                null,
                1000L,
                new EventInput.Vector(v),
                null,
                RawRecord.of("features", 3, new byte[] {1}));
    }

    private static MonitorEvent raw(String id, ImageSet set, int index, String model) {
        byte[] pixels = Arrays.copyOfRange(set.pixels(), index * 784, (index + 1) * 784);
        return new MonitorEvent(
                id,
                "camera-1",
                model,
                1000L + index,
                new EventInput.Image("raw", pixels, 28, 28, 1),
                null,
                RawRecord.of("images", index, pixels));
    }

    /** The bytes of an image event. */
    static byte[] pixels(MonitorEvent event) {
        return ((EventInput.Image) event.input()).data();
    }
}
