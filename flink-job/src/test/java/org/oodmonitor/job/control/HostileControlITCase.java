package org.oodmonitor.job.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.job.KafkaMonitorJob;
import org.oodmonitor.job.PipelineSettings;
import org.oodmonitor.job.TestClusters;
import org.oodmonitor.job.TestJobConfig;
import org.oodmonitor.job.TestTraffic;
import org.oodmonitor.job.config.KafkaSettings;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.ControlStatus;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.ModelCommand;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/**
 * Hostile control records while good traffic flows: a 900 KB command padded with 90,000 unknown
 * names (whose reason once made a status the sink could not write, failing the job in a loop), a
 * deploy effective at the end of time (which once locked its model for good), and a far-future
 * deploy undone by a cancel. The job stays running without a restart, scores every event once by
 * the version its event time says, and a restart's or replay's read of the topic decides alike.
 */
class HostileControlITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    private static final int EVENTS = 1000;
    private static final long STEP = 10;

    @TempDir Path tmp;

    @Test
    void noControlRecordStopsTheJobOrLocksAModel() throws Exception {
        String prefix = KafkaBrokerExtension.uniqueTopic("hostile-control");
        String images = prefix + ".images";
        String control = prefix + ".control";
        KAFKA.createTopics(
                Map.of(
                        images,
                        2,
                        prefix + ".scores",
                        2,
                        prefix + ".alerts",
                        1,
                        prefix + ".windows",
                        1,
                        prefix + ".dlq",
                        1,
                        control,
                        1,
                        prefix + ".control-status",
                        1,
                        prefix + ".shadow",
                        1));
        Path v11 = TestModelVersions.version(tmp, "1.1.0", 0.5);
        Path v12 = TestModelVersions.version(tmp, "1.2.0", -0.5);
        Path v13 = TestModelVersions.version(tmp, "1.3.0", 0.0);

        Configuration config = TestJobConfig.of(KAFKA, prefix);
        config.set(TopicOptions.CONTROL_TOPIC, control);
        config.set(TopicOptions.CONTROL_STATUS_TOPIC, prefix + ".control-status");
        config.set(TopicOptions.SHADOW_SCORES_TOPIC, prefix + ".shadow");
        config.set(ModelOptions.MODELS, Map.of("fashion", TestModelVersions.COMMITTED.toString()));
        config.set(TopicOptions.SHIFTS_TOPIC, "");
        config.set(WindowOptions.WINDOW_SIZE, Duration.ofSeconds(1));
        Configuration flink = new Configuration();
        // Any failure fails the job: a job still running at the end never restarted.
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        KafkaMonitorJob.wire(env, config);
        JobClient job = env.executeAsync("hostile-control-it");

        long now = System.currentTimeMillis();
        long far = now + Duration.ofDays(6).toMillis();
        List<String> accepted = List.of("deploy-1.1.0", "far-1.3.0", "cancel-far", "deploy-1.2.0");
        TestTraffic.continuousFashion(
                KAFKA,
                images,
                EVENTS,
                STEP,
                100,
                producer -> {
                    TestTraffic.readScoresOfDistinctEvents(
                            KAFKA, prefix + ".scores", 100, Duration.ofSeconds(90));
                    send(producer, control, json(deploy("deploy-1.1.0", v11, "1.1.0", 4000)));
                    send(producer, control, paddedRetire());
                    send(
                            producer,
                            control,
                            json(deploy("max-1.3.0", v13, "1.3.0", Long.MAX_VALUE)));
                    send(producer, control, json(deploy("far-1.3.0", v13, "1.3.0", far)));
                    send(producer, control, json(deploy("locked-1.2.0", v12, "1.2.0", 5000)));
                    send(
                            producer,
                            control,
                            json(
                                    ModelCommand.cancel(
                                            "cancel-far",
                                            "fashion",
                                            "1.3.0",
                                            "far-1.3.0",
                                            now,
                                            now)));
                    send(producer, control, json(deploy("deploy-1.2.0", v12, "1.2.0", 6000)));
                    producer.flush();
                },
                2,
                20_000L);

        List<OodScore> live =
                TestTraffic.readScoresOfDistinctEvents(
                        KAFKA, prefix + ".scores", EVENTS + 2, Duration.ofSeconds(90));
        List<ControlStatus> statuses =
                TestTraffic.readCommittedUntil(
                        KAFKA,
                        prefix + ".control-status",
                        RecordType.CONTROL_STATUS,
                        s -> s.size() >= 7 + 4 * 2,
                        Duration.ofSeconds(90));
        assertThat(job.getJobStatus().get())
                .as("the job never failed (no restarts allowed)")
                .isEqualTo(JobStatus.RUNNING);
        job.cancel().get();

        assertThat(live).hasSize(EVENTS + 2);
        assertThat(live.stream().map(OodScore::eventId).distinct()).hasSize(EVENTS + 2);
        for (OodScore score : live) {
            long t = score.eventTime();
            assertThat(score.modelVersion())
                    .as("version of the event at %d", t)
                    .isEqualTo(t < 4000 ? "1.0.0" : t < 6000 ? "1.1.0" : "1.2.0");
        }
        Map<String, List<ControlStatus>> byState =
                statuses.stream().collect(Collectors.groupingBy(ControlStatus::state));
        assertThat(byState.get(ControlStatus.ACCEPTED))
                .extracting(ControlStatus::commandId)
                .containsExactlyElementsOf(accepted);
        assertThat(byState.get(ControlStatus.REJECTED))
                .hasSize(3)
                .allSatisfy(
                        s ->
                                assertThat(s.reason())
                                        .hasSizeLessThanOrEqualTo(ControlStatus.MAX_REASON_CHARS))
                .anySatisfy(
                        s ->
                                assertThat(s.reason())
                                        .startsWith("not a model command")
                                        .contains("more problems"))
                .anySatisfy(
                        s -> {
                            assertThat(s.commandId()).isEqualTo("max-1.3.0");
                            assertThat(s.reason()).contains("ood.control.max-lead");
                        })
                .anySatisfy(
                        s -> {
                            assertThat(s.commandId()).isEqualTo("locked-1.2.0");
                            assertThat(s.reason()).contains("before the model's last change");
                        });
        assertThat(byState.get(ControlStatus.APPLIED))
                .hasSize(8)
                .extracting(ControlStatus::commandId)
                .containsAll(accepted);
        assertThat(byState).doesNotContainKey(ControlStatus.FAILED);
        List<DeadLetter> letters =
                TestTraffic.readAllCommitted(KAFKA, prefix + ".dlq", RecordType.DEAD_LETTER);
        assertThat(letters).as("no output record was too large to write").isEmpty();

        for (var read :
                List.of(
                        ControlTopic.read(
                                KafkaSettings.from(config),
                                PipelineSettings.from(config).commandCheck()),
                        ControlTopic.forReplay(
                                KafkaSettings.from(config),
                                PipelineSettings.from(config).commandCheck()))) {
            assertThat(read.accepted())
                    .as("a restart's and a replay's read of the topic decide as the job did")
                    .extracting(ModelCommand::commandId)
                    .containsExactlyElementsOf(accepted);
            assertThat(read.rejected()).isEqualTo(3);
        }
    }

    private static ModelCommand deploy(String id, Path dir, String version, long from)
            throws java.io.IOException {
        return TestModelVersions.deploy(id, dir, version, "live", from);
    }

    /** A retire padded with 90,000 unknown property names: about 900 KB. */
    private static byte[] paddedRetire() {
        StringBuilder json =
                new StringBuilder(
                        "{\"schema_version\":1,\"command_id\":\"padded\",\"action\":\"retire\","
                                + "\"model_name\":\"fashion\",\"model_version\":\"1.0.0\","
                                + "\"effective_from\":1,\"issued_at\":1");
        for (int i = 0; i < 90_000; i++) {
            json.append(",\"p").append(i).append("\":1");
        }
        byte[] bytes = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isGreaterThan(900_000);
        return bytes;
    }

    private static byte[] json(ModelCommand command) {
        return new RecordWriter<>(RecordType.MODEL_COMMAND).write(command);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] value) {
        producer.send(new ProducerRecord<>(topic, value));
    }
}
