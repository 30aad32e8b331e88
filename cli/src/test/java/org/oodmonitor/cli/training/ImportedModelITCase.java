package org.oodmonitor.cli.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.cli.OodMonitorCommand;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.MnistDigitsJson;
import org.oodmonitor.inference.data.RenderedImages;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.scoring.ScoreKind;
import org.oodmonitor.job.KafkaMonitorJob;
import org.oodmonitor.job.TestClusters;
import org.oodmonitor.job.TestJobConfig;
import org.oodmonitor.job.TestTraffic;
import org.oodmonitor.job.config.KafkaOptions;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.ScoringOptions;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.ImageEncoding;
import org.oodmonitor.schemas.ImageEvent;
import org.oodmonitor.schemas.ImagePayload;
import org.oodmonitor.schemas.ModelCommand;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/**
 * A user's own PyTorch network monitored end to end through Kafka: the TorchScript example imported
 * with its torchvision preprocessing and calibrated on an ImageFolder, then served by the job on
 * RGB PNG events of several sizes: every event scored once with the score the imported model gives
 * it locally, alerts on digits, a window flagged for its class mix (footwear only) and one for its
 * OOD rate, and a second version deployed through the control topic serving from its effective
 * time, its windows tested for shifts too: a SoftMax ResNet cut before its classifier with the
 * IsoMax+ last layer trained by {@code train --backbone}.
 */
class ImportedModelITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    private static final Set<Integer> FOOTWEAR = Set.of(5, 7, 9);
    private static final int[] SIDES = {32, 40, 48, 64};
    private static final long SWITCH = 500;

    @TempDir Path tmp;

    @Test
    void anImportedRgbModelIsMonitoredThroughKafka() throws Exception {
        ImageSet test =
                IdxFiles.readImages(
                        RenderedImages.FASHION_TEST, RenderedImages.FASHION_TEST_LABELS);
        Path folder = RenderedImages.imageFolder(test, 1000, 10, tmp.resolve("calibration"));
        Path v1 = importAndCalibrate("1.0.0", folder);
        // The deployed version is a SoftMax ResNet cut before its classifier, with the IsoMax+
        // last layer trained here: the other way a user's network becomes a model.
        Path v11 = trainOnBackboneAndCalibrate("1.1.0", folder);

        String prefix = KafkaBrokerExtension.uniqueTopic("imported");
        String images = prefix + ".images";
        Map<String, Integer> topics = new HashMap<>();
        for (String t :
                List.of(
                        "images", "scores", "alerts", "windows", "dlq", "shifts", "control",
                        "status")) {
            topics.put(prefix + "." + t, 1);
        }
        KAFKA.createTopics(topics);
        ImageSet fashion =
                IdxFiles.readImages(
                        Path.of("../samples/fashion-mnist/train-images-idx3-ubyte.gz"),
                        Path.of("../samples/fashion-mnist/train-labels-idx1-ubyte.gz"));
        ImageSet digits = MnistDigitsJson.read(RenderedImages.DIGITS);
        Map<String, byte[]> sent = new HashMap<>();
        int steady = 400;
        int footwear = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(KAFKA.producerProperties())) {
            producer.send(
                    new ProducerRecord<>(
                            prefix + ".control",
                            new RecordWriter<>(RecordType.MODEL_COMMAND)
                                    .write(
                                            ModelCommand.deploy(
                                                    "deploy-1.1.0",
                                                    "fashion32",
                                                    "1.1.0",
                                                    v11.toString(),
                                                    ModelArtifact.manifestSha256(v11),
                                                    ModelCommand.LIVE,
                                                    SWITCH,
                                                    0))));
            for (int i = 0; i < steady; i++) {
                byte[] png = RenderedImages.png(fashion, i, SIDES[i % SIDES.length]);
                send(producer, images, sent, "steady", "s" + i, png, i * 2L);
                if (FOOTWEAR.contains(fashion.labels()[i])) {
                    send(producer, images, sent, "footwear", "f" + i, png, i * 2L);
                    footwear++;
                }
            }
            for (int i = 0; i < 100; i++) {
                send(
                        producer,
                        images,
                        sent,
                        "digits",
                        "d" + i,
                        RenderedImages.png(digits, i * 10, 48),
                        i * 5L);
            }
            producer.flush();
        }

        Configuration config = TestJobConfig.of(KAFKA, prefix);
        config.set(ModelOptions.MODELS, Map.of("fashion32", v1.toString()));
        config.set(ModelOptions.DEFAULT_MODEL, "fashion32");
        config.set(TopicOptions.SHIFTS_TOPIC, prefix + ".shifts");
        config.set(TopicOptions.CONTROL_TOPIC, prefix + ".control");
        config.set(TopicOptions.CONTROL_STATUS_TOPIC, prefix + ".status");
        config.set(TopicOptions.SHADOW_SCORES_TOPIC, "");
        config.set(KafkaOptions.BOUNDED, true);
        config.set(WindowOptions.WINDOW_SIZE, Duration.ofSeconds(1));
        config.set(ScoringOptions.FIXED_SHAPE_BATCHES, true);
        config.set(ScoringOptions.INFERENCE_THREADS, 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        KafkaMonitorJob.wire(env, config);
        env.execute("imported-model-it");

        List<OodScore> scores =
                TestTraffic.readAllCommitted(KAFKA, prefix + ".scores", RecordType.OOD_SCORE);
        assertThat(scores).hasSize(sent.size());
        assertThat(scores.stream().map(OodScore::eventId).distinct()).hasSize(sent.size());
        try (OodModel local1 = OodModel.load(v1);
                OodModel local11 = OodModel.load(v11)) {
            for (OodScore score : scores) {
                boolean deployed = score.eventTime() >= SWITCH;
                assertThat(score.modelVersion())
                        .as("version of the event at %d", score.eventTime())
                        .isEqualTo(deployed ? "1.1.0" : "1.0.0");
                OodModel local = deployed ? local11 : local1;
                float[] logits =
                        local.logits(
                                        local.preprocessor()
                                                .image("png", sent.get(score.eventId()), 0, 0, 0),
                                        1)[0];
                assertThat(score.score())
                        .as(
                                "the job's score of %s, as the imported model gives it here",
                                score.eventId())
                        .isCloseTo(
                                ScoreKind.MDS.of(logits),
                                org.assertj.core.data.Offset.offset(1e-4));
            }
        }
        List<OodScore> alerts =
                TestTraffic.readAllCommitted(KAFKA, prefix + ".alerts", RecordType.OOD_ALERT);
        long digitAlerts = alerts.stream().filter(a -> a.source().equals("digits")).count();
        long steadyAlerts = alerts.stream().filter(a -> a.source().equals("steady")).count();
        assertThat(digitAlerts).as("alerts on 100 digits").isGreaterThan(30);
        assertThat(steadyAlerts).as("alerts on 400 clothes").isLessThan(60);

        List<OodRateWindow> windows =
                TestTraffic.readAllCommitted(
                        KAFKA, prefix + ".windows", RecordType.OOD_RATE_WINDOW);
        assertThat(windows)
                .filteredOn(w -> w.source().equals("footwear"))
                .as("%d footwear events", footwear)
                .anySatisfy(
                        w -> {
                            assertThat(w.flagged()).isTrue();
                            assertThat(w.flagReason()).contains("class_mix");
                        });
        assertThat(windows)
                .filteredOn(w -> w.source().equals("digits"))
                .anySatisfy(w -> assertThat(w.flagReason()).contains("OOD rate"));
        assertThat(windows)
                .filteredOn(w -> w.modelVersion().equals("1.1.0") && w.source().equals("steady"))
                .as("the deployed imported version's windows are tested for shifts")
                .isNotEmpty()
                .allSatisfy(w -> assertThat(w.shiftTests()).isNotEmpty());
        assertThat(TestTraffic.readAllCommitted(KAFKA, prefix + ".dlq", RecordType.DEAD_LETTER))
                .as("no event of any size failed")
                .isEmpty();
    }

    private Path importAndCalibrate(String version, Path folder) throws Exception {
        Path dir = tmp.resolve("fashion32-" + version);
        CommandTestSupport command = command();
        assertThat(command.run(ImportedModelTest.importArgs(dir, version).toArray(String[]::new)))
                .as(command.err())
                .isZero();
        calibrate(command, dir, folder);
        return dir;
    }

    private Path trainOnBackboneAndCalibrate(String version, Path folder) throws Exception {
        Path dir = tmp.resolve("fashion32-" + version);
        List<String> args = new java.util.ArrayList<>(ImportedModelTest.importArgs(dir, version));
        // The import's name, version, input, preprocessing and labels, for train --backbone.
        int at = args.indexOf("--torchscript");
        args.subList(at, at + 2).clear();
        args.set(args.indexOf("--labels"), "--class-labels");
        args.set(0, "train");
        args.addAll(
                List.of(
                        "--backbone",
                        ImportedModelTest.EXAMPLE.resolve("resnet-features.pt").toString(),
                        "--images",
                        ImportedModelTest.EXAMPLE.resolve("images/train").toString()));
        CommandTestSupport command = command();
        assertThat(command.run(args.toArray(String[]::new))).as(command.err()).isZero();
        assertThat(ModelArtifact.readVerified(dir).backbone())
                .isEqualTo(org.oodmonitor.inference.nn.Backbones.TORCHSCRIPT_FEATURES);
        calibrate(command, dir, folder);
        return dir;
    }

    private static CommandTestSupport command() {
        return new CommandTestSupport(
                (args, out, err) ->
                        CommandRunner.run(OodMonitorCommand.commandLine(), args, out, err));
    }

    private static void calibrate(CommandTestSupport command, Path dir, Path folder) {
        assertThat(
                        command.run(
                                "calibrate",
                                "--model",
                                dir.toString(),
                                "--images",
                                folder.toString()))
                .as(command.err())
                .isZero();
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            Map<String, byte[]> sent,
            String source,
            String id,
            byte[] png,
            long time) {
        sent.put(id, png);
        producer.send(
                new ProducerRecord<>(
                        topic,
                        new RecordWriter<>(RecordType.IMAGE_EVENT)
                                .write(
                                        ImageEvent.of(
                                                id,
                                                source,
                                                null,
                                                time,
                                                ImagePayload.encoded(ImageEncoding.PNG, png),
                                                null))));
    }
}
