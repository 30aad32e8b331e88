package org.oodmonitor.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.MnistDigitsJson;
import org.oodmonitor.job.config.KafkaOptions;
import org.oodmonitor.job.config.KafkaSettings;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.job.sink.OutputTopics;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.ImageEvent;
import org.oodmonitor.schemas.ImagePayload;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.ShiftAlert;
import org.oodmonitor.schemas.ShiftTest;
import org.oodmonitor.schemas.serialization.RecordWriter;

/**
 * Shift detection end to end through Kafka on the committed model and its shift reference: a camera
 * that sees only footwear (every image in distribution, the class mix not) gets its window flagged
 * by the class-mix test, a camera of unchanged traffic does not, and a camera of digits gets a
 * shift alert from the sequential detector.
 */
class ShiftDetectionITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    private static final Path SAMPLES = Path.of("../samples/fashion-mnist");

    /** Sandal, Sneaker and Ankle boot. */
    private static final Set<Integer> FOOTWEAR = Set.of(5, 7, 9);

    @Test
    void labelShiftIsFlaggedAndADigitCameraRaisesAShiftAlert() throws Exception {
        String prefix = KafkaBrokerExtension.uniqueTopic("shift");
        String images = prefix + ".images";
        String windows = prefix + ".windows";
        String shifts = prefix + ".shifts";
        KAFKA.createTopics(
                Map.of(
                        images,
                        1,
                        windows,
                        1,
                        shifts,
                        1,
                        prefix + ".alerts",
                        1,
                        prefix + ".dlq",
                        1));
        ImageSet fashion =
                IdxFiles.readImages(
                        SAMPLES.resolve("t10k-images-idx3-ubyte.gz"),
                        SAMPLES.resolve("t10k-labels-idx1-ubyte.gz"));
        ImageSet digits = MnistDigitsJson.read(Path.of("../samples/mnist-digits"));
        int footwear = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(KAFKA.producerProperties())) {
            for (int i = 0; i < 400; i++) {
                // Event times in window [0, 1000) of each camera.
                send(producer, images, "steady", "s" + i, pixels(fashion, i), i * 2L);
                if (FOOTWEAR.contains(fashion.labels()[i])) {
                    send(producer, images, "footwear", "f" + i, pixels(fashion, i), i * 2L);
                    footwear++;
                }
            }
            for (int i = 0; i < 100; i++) {
                send(producer, images, "digits", "d" + i, pixels(digits, i * 10), i * 5L);
            }
            producer.flush();
        }

        Configuration config = TestJobConfig.of(KAFKA, prefix);
        config.set(TopicOptions.SCORES_TOPIC, "");
        config.set(TopicOptions.SHIFTS_TOPIC, shifts);
        config.set(KafkaOptions.BOUNDED, true);
        config.set(WindowOptions.WINDOW_SIZE, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        KafkaMonitorJob.wire(env, config);
        env.execute("shift-detection-it");

        List<OodRateWindow> got =
                TestTraffic.readAllCommitted(KAFKA, windows, RecordType.OOD_RATE_WINDOW);
        assertThat(got)
                .extracting(OodRateWindow::source)
                .containsExactlyInAnyOrder("steady", "footwear", "digits");
        OodRateWindow shifted = window(got, "footwear");
        assertThat(shifted.eventCount()).isEqualTo(footwear);
        assertThat(shifted.flagged()).isTrue();
        assertThat(shifted.flagReason()).contains("class_mix");
        assertThat(test(shifted, "class_mix").fired()).isTrue();
        assertThat(test(shifted, "class_mix").pValue()).isLessThan(1e-10);

        OodRateWindow steady = window(got, "steady");
        assertThat(steady.eventCount()).isEqualTo(400);
        assertThat(steady.shiftTests())
                .extracting(ShiftTest::test)
                .containsExactly(
                        "class_mix",
                        "dark_fraction",
                        "entropic",
                        "mds",
                        "pixel_mean",
                        "pixel_std",
                        "total_variation");
        assertThat(steady.shiftTests()).noneMatch(ShiftTest::fired);
        assertThat(steady.shiftTestsSkipped()).isNull();

        List<ShiftAlert> alerts =
                TestTraffic.readAllCommitted(KAFKA, shifts, RecordType.SHIFT_ALERT);
        assertThat(alerts).extracting(ShiftAlert::source).containsExactly("digits");
        ShiftAlert alert = alerts.get(0);
        assertThat(alert.changePoint()).isZero();
        assertThat(alert.detectedAt()).isEqualTo(1000);
        assertThat(alert.eventsSinceChange()).isEqualTo(100);
        assertThat(alert.observedRate()).isEqualTo(window(got, "digits").oodRate());
        assertThat(alert.evidence()).isGreaterThan(alert.threshold());
    }

    @Test
    void missingOutputTopicsAreNamedBeforeAStart() {
        String prefix = KafkaBrokerExtension.uniqueTopic("outputs");
        KAFKA.createTopics(
                Map.of(prefix + ".alerts", 1, prefix + ".windows", 1, prefix + ".dlq", 1));
        Configuration config = new Configuration();
        config.set(KafkaOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        config.set(TopicOptions.ALERTS_TOPIC, prefix + ".alerts");
        config.set(TopicOptions.WINDOWS_TOPIC, prefix + ".windows");
        config.set(TopicOptions.DEAD_LETTER_TOPIC, prefix + ".dlq");
        config.set(TopicOptions.CONTROL_TOPIC, "");
        config.set(TopicOptions.SHIFTS_TOPIC, prefix + ".shifts");
        config.set(TopicOptions.SCORES_TOPIC, prefix + ".scores");
        assertThat(OutputTopics.missing(KafkaSettings.from(config)))
                .containsExactly(prefix + ".scores", prefix + ".shifts");
        // Empty scores and shifts topics are not written, so not needed.
        config.set(TopicOptions.SHIFTS_TOPIC, "");
        config.set(TopicOptions.SCORES_TOPIC, "");
        assertThat(OutputTopics.missing(KafkaSettings.from(config))).isEmpty();
    }

    private static OodRateWindow window(List<OodRateWindow> windows, String source) {
        return windows.stream().filter(w -> w.source().equals(source)).findFirst().orElseThrow();
    }

    private static ShiftTest test(OodRateWindow window, String name) {
        return window.shiftTests().stream()
                .filter(t -> t.test().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static byte[] pixels(ImageSet set, int index) {
        return Arrays.copyOfRange(set.pixels(), index * 784, (index + 1) * 784);
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            String source,
            String id,
            byte[] pixels,
            long time) {
        byte[] value =
                new RecordWriter<>(RecordType.IMAGE_EVENT)
                        .write(
                                ImageEvent.of(
                                        id,
                                        source,
                                        null,
                                        time,
                                        ImagePayload.raw(pixels, 28, 28, 1),
                                        null));
        producer.send(new ProducerRecord<>(topic, value));
    }
}
