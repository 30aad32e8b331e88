package org.oodmonitor.cli.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.cli.OodMonitorCommand;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.job.TestTraffic;
import org.oodmonitor.job.control.TestModelVersions;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.ControlStatus;
import org.oodmonitor.schemas.ModelCommand;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/**
 * The {@code model} commands against a real broker: a good deploy is written to the control topic
 * with its manifest checksum; what the job would refuse (a tampered directory, an unserved version,
 * a promote without a shadow, a missing control topic) is a one-line error and writes nothing;
 * {@code status} prints what the job reported.
 */
class ModelControlCommandITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @TempDir Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                CommandRunner.run(
                        OodMonitorCommand.commandLine(),
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] args(String prefix, String... rest) {
        List<String> all = new ArrayList<>(List.of(rest));
        for (String set :
                List.of(
                        "ood.kafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                        "ood.topics.control=" + prefix + ".control",
                        "ood.topics.control-status=" + prefix + ".status",
                        "ood.model.dirs=fashion:" + TestModelVersions.COMMITTED,
                        "ood.model.default=fashion",
                        // Test commands are dated like test events, far in the past.
                        "ood.control.max-lag=100000d")) {
            all.add("--set");
            all.add(set);
        }
        return all.toArray(String[]::new);
    }

    @Test
    void runRefusesAMissingOrPartitionedControlTopicInOneLine() {
        String prefix = KafkaBrokerExtension.uniqueTopic("run-control");
        KAFKA.createTopics(
                Map.of(
                        prefix + ".alerts", 1,
                        prefix + ".windows", 1,
                        prefix + ".dlq", 1,
                        prefix + ".status", 1,
                        prefix + ".shadow", 1,
                        prefix + ".wide", 2));
        List<String> args =
                new ArrayList<>(
                        List.of(
                                args(
                                        prefix,
                                        "run",
                                        "--set",
                                        "ood.topics.alerts=" + prefix + ".alerts",
                                        "--set",
                                        "ood.topics.windows=" + prefix + ".windows",
                                        "--set",
                                        "ood.topics.dead-letter=" + prefix + ".dlq",
                                        "--set",
                                        "ood.topics.shifts=",
                                        "--set",
                                        "ood.topics.shadow-scores=" + prefix + ".shadow")));

        Run missing = run(args.toArray(String[]::new));
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip())
                .doesNotContain("\n")
                .contains("control topic " + prefix + ".control does not exist")
                .contains("ood.topics.control=");

        args.addAll(List.of("--set", "ood.topics.control=" + prefix + ".wide"));
        Run wide = run(args.toArray(String[]::new));
        assertThat(wide.code()).isEqualTo(2);
        assertThat(wide.err()).contains("has 2 partitions; model commands need exactly one");
    }

    @Test
    void goodCommandsAreWrittenAndWhatTheJobWouldRefuseIsAOneLineError() throws IOException {
        String prefix = KafkaBrokerExtension.uniqueTopic("model-cli");
        KAFKA.createTopics(Map.of(prefix + ".control", 1, prefix + ".status", 1));
        Path v11 = TestModelVersions.version(tmp, "1.1.0", 0.5);
        Path tampered = TestModelVersions.version(tmp, "1.2.0", 0.0);
        Files.write(tampered.resolve("model-0000.params"), new byte[] {1, 2, 3});

        Run deploy =
                run(
                        args(
                                prefix,
                                "model",
                                "deploy",
                                "--name",
                                "fashion",
                                "--dir",
                                v11.toString(),
                                "--effective-from",
                                "2026-12-06T12:00:00Z"));
        assertThat(deploy.code()).as(deploy.err()).isZero();
        assertThat(deploy.err()).contains("written to " + prefix + ".control");

        Run unserved =
                run(
                        args(
                                prefix,
                                "model",
                                "retire",
                                "--name",
                                "fashion",
                                "--version",
                                "9.9.9",
                                "--effective-from",
                                "2026-12-06T13:00:00Z"));
        assertThat(unserved.code()).isEqualTo(2);
        assertThat(unserved.err().strip())
                .doesNotContain("\n")
                .contains("the job would refuse this command: version 9.9.9 is not served");
        Run badDir =
                run(
                        args(
                                prefix,
                                "model",
                                "shadow",
                                "--name",
                                "fashion",
                                "--dir",
                                tampered.toString()));
        assertThat(badDir.code()).isEqualTo(2);
        assertThat(badDir.err()).contains("checksum mismatch");
        Run noShadow =
                run(
                        args(
                                prefix,
                                "model",
                                "promote",
                                "--name",
                                "fashion",
                                "--version",
                                "1.1.0",
                                "--effective-from",
                                "2026-12-06T13:00:00Z"));
        assertThat(noShadow.code()).isEqualTo(2);
        assertThat(noShadow.err()).contains("is not the shadow");
        Run noTopic =
                run(
                        "model",
                        "status",
                        "--set",
                        "ood.kafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                        "--set",
                        "ood.topics.control-status=" + prefix + ".missing");
        assertThat(noTopic.code()).isEqualTo(2);
        assertThat(noTopic.err()).contains(prefix + ".missing does not exist");

        List<ModelCommand> written =
                TestTraffic.readAllCommitted(KAFKA, prefix + ".control", RecordType.MODEL_COMMAND);
        assertThat(written).hasSize(1);
        ModelCommand command = written.get(0);
        assertThat(command.modelVersion()).isEqualTo("1.1.0");
        assertThat(command.manifestSha256()).isEqualTo(ModelArtifact.manifestSha256(v11));
        assertThat(command.effectiveFrom()).isEqualTo(1796558400000L);
        assertThat(command.role()).isEqualTo(ModelCommand.LIVE);

        assertThat(run(args(prefix, "model", "status")).out()).contains("no control commands yet");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(KAFKA.producerProperties())) {
            RecordWriter<ControlStatus> writer = new RecordWriter<>(RecordType.CONTROL_STATUS);
            for (ControlStatus status :
                    List.of(
                            ControlStatus.verdict(command, null, prefix + ".control-0@0", 1),
                            ControlStatus.onSubtask(command, 0, null, 1796558300000L, 2),
                            ControlStatus.onSubtask(command, 1, null, 1796558500000L, 3))) {
                producer.send(new ProducerRecord<>(prefix + ".status", writer.write(status)));
            }
            producer.flush();
        }
        Run status = run(args(prefix, "model", "status"));
        assertThat(status.code()).isZero();
        assertThat(status.out().strip())
                .isEqualTo(
                        command.commandId()
                                + ": deploy fashion 1.1.0 from 2026-12-06T12:00:00Z: accepted;"
                                + " subtask 0 applied; subtask 1 applied late (it had scored"
                                + " events up to 2026-12-06T12:01:40Z with the previous"
                                + " version)");
    }

    @Test
    void aFarFutureChangeIsBoundedAndCancelledAndEveryStatusRecordIsShown() throws IOException {
        String prefix = KafkaBrokerExtension.uniqueTopic("model-cancel");
        KAFKA.createTopics(Map.of(prefix + ".control", 1, prefix + ".status", 1));
        Path v11 = TestModelVersions.version(tmp, "1.1.0", 0.5);
        Path v12 = TestModelVersions.version(tmp, "1.2.0", -0.5);
        java.time.Instant now = java.time.Instant.now();

        Run absurd = deploy(prefix, v11, "end", now.plus(java.time.Duration.ofDays(3650)));
        assertThat(absurd.code()).isEqualTo(2);
        assertThat(absurd.err().strip())
                .doesNotContain("\n")
                .contains("the job would refuse this command: effective_from")
                .contains("ahead")
                .contains("ood.control.max-lead");

        Run far = deploy(prefix, v11, "far", now.plus(java.time.Duration.ofDays(6)));
        assertThat(far.code()).as(far.err()).isZero();
        java.time.Instant soon = now.plus(java.time.Duration.ofMinutes(5));
        Run locked = deploy(prefix, v12, "soon", soon);
        assertThat(locked.code()).isEqualTo(2);
        assertThat(locked.err()).contains("before the model's last change");

        Run cancel = run(args(prefix, "model", "cancel", "--name", "fashion", "--command", "far"));
        assertThat(cancel.code()).as(cancel.err()).isZero();
        assertThat(cancel.err()).contains("model cancel: command cancel-fashion-far-");
        Run unlocked = deploy(prefix, v12, "soon", soon);
        assertThat(unlocked.code()).as(unlocked.err()).isZero();
        Run never = run(args(prefix, "model", "cancel", "--name", "fashion", "--command", "nope"));
        assertThat(never.code()).isEqualTo(2);
        assertThat(never.err()).contains("the job never accepted a command nope");

        List<ModelCommand> written =
                TestTraffic.readAllCommitted(KAFKA, prefix + ".control", RecordType.MODEL_COMMAND);
        assertThat(written)
                .extracting(ModelCommand::action)
                .containsExactly("deploy", "cancel", "deploy");
        assertThat(written.get(1).cancels()).isEqualTo("far");

        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(KAFKA.producerProperties())) {
            producer.send(
                    new ProducerRecord<>(
                            prefix + ".status",
                            "{\"state\":\"\u001b[2Jforged\"}".getBytes(StandardCharsets.UTF_8)));
            producer.send(
                    new ProducerRecord<>(
                            prefix + ".status",
                            new RecordWriter<>(RecordType.CONTROL_STATUS)
                                    .write(
                                            ControlStatus.verdict(
                                                    written.get(0),
                                                    null,
                                                    prefix + ".control-0@0",
                                                    1))));
            producer.flush();
        }
        Run status = run(args(prefix, "model", "status"));
        assertThat(status.code()).isZero();
        assertThat(status.out().lines())
                .hasSize(2)
                .anySatisfy(
                        l ->
                                assertThat(l)
                                        .startsWith(
                                                "(status record "
                                                        + prefix
                                                        + ".status-0@0) malformed:")
                                        .doesNotContain("\u001b"))
                .anySatisfy(l -> assertThat(l).startsWith("far: deploy fashion 1.1.0"));
    }

    private Run deploy(String prefix, Path dir, String id, java.time.Instant from) {
        return run(
                args(
                        prefix,
                        "model",
                        "deploy",
                        "--name",
                        "fashion",
                        "--dir",
                        dir.toString(),
                        "--id",
                        id,
                        "--effective-from",
                        from.toString()));
    }
}
