package org.oodmonitor.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oodmonitor.job.config.MonitorOptions;
import org.oodmonitor.job.sink.KafkaSinks;
import org.oodmonitor.job.source.KafkaSources;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.ImageEvent;
import org.oodmonitor.schemas.ImagePayload;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.serialization.RecordWriter;
import org.oodmonitor.schemas.validation.ValidationLimits;
import org.oodmonitor.training.data.IdxFiles;
import org.oodmonitor.training.data.ImageSet;
import org.oodmonitor.training.data.MnistDigitsJson;
import org.oodmonitor.training.model.OodModel;

/**
 * Failure injection: a task fails mid-stream after a checkpoint, the job restarts from it, and a
 * read_committed consumer still sees every alert exactly once and the windows of a failure-free
 * run.
 */
class FailureRecoveryITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final Path MODEL = Path.of("../models/fashion-mnist-isomax");
    private static final int N = 40;

    @Test
    void alertsExactlyOnceAndWindowsUnchangedAcrossARestart() throws Exception {
        String prefix = KafkaBrokerExtension.uniqueTopic("recovery");
        String images = prefix + ".images";
        String alerts = prefix + ".alerts";
        String windows = prefix + ".windows";
        String dlq = prefix + ".dlq";
        KAFKA.createTopics(Map.of(images, 1, alerts, 1, windows, 1, dlq, 1));
        long[] expectedOod = new long[2];
        List<String> expectedAlerts = produce(images, expectedOod);

        Configuration config = new Configuration();
        config.set(MonitorOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        config.set(MonitorOptions.STARTING_OFFSETS, "earliest");
        config.set(MonitorOptions.BOUNDED, true);
        config.set(MonitorOptions.MODELS, Map.of("fashion", MODEL.toString()));
        config.set(MonitorOptions.DEFAULT_MODEL, "fashion");
        config.set(MonitorOptions.WINDOW_SIZE, Duration.ofSeconds(1));
        config.set(MonitorOptions.TRANSACTIONAL_ID_PREFIX, prefix);
        config.set(MonitorOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(1));

        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(restarts);
        env.setParallelism(1);
        env.enableCheckpointing(300);
        Properties clients = new Properties();
        DataStream<RawRecord> input =
                env.fromSource(
                                KafkaSources.of(config, clients, images),
                                WatermarkStrategy.noWatermarks(),
                                "images")
                        .map(new FailOnceAfterCheckpoint())
                        .returns(TypeInformation.of(RawRecord.class));
        OodMonitorPipeline.Outputs out =
                OodMonitorPipeline.build(input, null, KafkaMonitorJob.settings(config));
        out.alerts().sinkTo(KafkaSinks.of(config, clients, alerts, RecordType.OOD_ALERT, "alerts"));
        out.windows()
                .sinkTo(
                        KafkaSinks.of(
                                config, clients, windows, RecordType.OOD_RATE_WINDOW, "windows"));
        out.deadLetters()
                .sinkTo(KafkaSinks.of(config, clients, dlq, RecordType.DEAD_LETTER, "dlq"));
        FailOnceAfterCheckpoint.FAILED.set(false);

        env.execute("failure-recovery-it");

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();
        List<OodScore> gotAlerts = read(alerts, RecordType.OOD_ALERT, expectedAlerts.size());
        assertThat(gotAlerts)
                .extracting(OodScore::eventId)
                .containsExactlyInAnyOrderElementsOf(expectedAlerts);
        List<OodRateWindow> gotWindows = read(windows, RecordType.OOD_RATE_WINDOW, 2);
        assertThat(gotWindows)
                .extracting(w -> w.windowStart() + ":" + w.eventCount() + ":" + w.oodCount())
                .containsExactlyInAnyOrder(
                        "0:" + N + ":" + expectedOod[0], "1000:" + N + ":" + expectedOod[1]);
    }

    private static List<String> produce(String topic, long[] expectedOod) throws Exception {
        ImageSet fashion =
                IdxFiles.readImages(
                        Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"), null);
        ImageSet digits = MnistDigitsJson.read(Path.of("../samples/mnist-digits"));
        RecordWriter<ImageEvent> writer = new RecordWriter<>(RecordType.IMAGE_EVENT);
        List<String> expected = new ArrayList<>();
        try (OodModel model = OodModel.load(MODEL);
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(KAFKA.producerProperties())) {
            double threshold = model.manifest().calibration().threshold();
            for (int i = 0; i < 2 * N; i++) {
                boolean digit = i >= N;
                int index = digit ? (i - N) * 20 : i + 100;
                byte[] pixels =
                        Arrays.copyOfRange(
                                (digit ? digits : fashion).pixels(),
                                index * 784,
                                (index + 1) * 784);
                String id = (digit ? "digit-" : "fashion-") + index;
                long time = digit ? 1000 + (i - N) * 20L : i * 20L;
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                id.getBytes(StandardCharsets.UTF_8),
                                writer.write(
                                        ImageEvent.of(
                                                id,
                                                "camera-1",
                                                null,
                                                time,
                                                ImagePayload.raw(pixels, 28, 28, 1),
                                                null))));
                if (org.oodmonitor.training.scoring.OodScore.MDS.of(
                                model.logitsOfImages(pixels, 0, 1)[0])
                        < threshold) {
                    expected.add(id);
                    expectedOod[digit ? 1 : 0]++;
                }
            }
            producer.flush();
        }
        return expected;
    }

    private static <T> List<T> read(String topic, RecordType<T> type, int expected) {
        Properties props = KAFKA.consumerProperties("check-" + topic);
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
}
