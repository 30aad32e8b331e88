package org.oodmonitor.cli.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.audit.ReplayRequest;
import org.oodmonitor.audit.WhatIf;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.replay.OffsetRange;
import org.oodmonitor.job.replay.ReplayTarget;

/** The replay command's options: what they mean, and a one-line error for every bad one. */
class ReplayCommandTest {

    @Test
    void timeRangeTopicsModelsAndTargets() throws Exception {
        ReplayRequest r =
                ReplayCommand.parse(
                        new String[] {
                            "--from", "2026-11-22T10:00:00Z",
                            "--to", "1795341600001",
                            "--topics", "ood.events.images,features=vectors",
                            "--model", "v2=models/v2",
                            "--out", "kafka:audit",
                            "--mode", "streaming",
                            "--what-if", "threshold:v2=-1.5"
                        });
        assertThat(r.from()).isEqualTo(1795341600000L);
        assertThat(r.to()).isEqualTo(1795341600001L);
        assertThat(r.imageTopics()).containsExactly("ood.events.images");
        assertThat(r.featureTopics()).containsExactly("vectors");
        assertThat(r.config().get(ModelOptions.MODELS))
                .containsEntry("v2", "models/v2")
                .containsEntry("fashion-mnist-isomax", "models/fashion-mnist-isomax");
        assertThat(r.config().get(ModelOptions.DEFAULT_MODEL)).isEqualTo("fashion-mnist-isomax");
        assertThat(r.target().topic("alerts")).isEqualTo("audit.alerts");
        assertThat(r.target().variant().topic("alerts")).isEqualTo("audit.what-if.alerts");
        assertThat(r.reportDir()).isEqualTo(Path.of("replay-report"));
        assertThat(r.mode()).isEqualTo(RuntimeExecutionMode.STREAMING);
        assertThat(r.whatIf().apply(r.config()).get(ModelOptions.THRESHOLD_OVERRIDES))
                .isEqualTo(Map.of("v2", "-1.5"));
    }

    @Test
    void explicitOffsetsAndDirectoryTarget() throws Exception {
        ReplayRequest r =
                ReplayCommand.parse(
                        new String[] {
                            "--offsets", "ood.events.images:0:5-10, ood.events.images:2:0-0",
                            "--out", "dir:out/x"
                        });
        assertThat(r.offsets())
                .extracting(OffsetRange::toString)
                .containsExactly("ood.events.images-0:5-10", "ood.events.images-2:0-0");
        assertThat(r.from()).isNull();
        assertThat(r.reportDir()).isEqualTo(Path.of("out/x"));
        assertThat(r.target().variant().directory()).isEqualTo(Path.of("out/x/what-if"));
        assertThat(r.mode()).isEqualTo(RuntimeExecutionMode.BATCH);
    }

    @Test
    void badOptionsAreOneLineErrors() {
        assertError("or dir:PATH is required", "--from", "1", "--to", "2");
        assertError(
                "Missing required argument (specify one of these): (--offsets=T:P:S-E",
                "--out",
                "dir:x");
        assertError(
                "--offsets=T:P:S-E and (--from=TIME --to=TIME) are mutually exclusive",
                "--from",
                "1",
                "--to",
                "2",
                "--offsets",
                "t:0:1-2",
                "--out",
                "dir:x");
        assertError("--to must be after --from", "--from", "5", "--to", "5", "--out", "dir:x");
        assertError("Missing required argument(s): --to=TIME", "--from", "5", "--out", "dir:x");
        assertError("neither ISO-8601", "--from", "yesterday", "--to", "5", "--out", "dir:x");
        assertError("kafka:TOPIC_PREFIX or dir:PATH", "--out", "s3://bucket");
        assertError("TOPIC:PARTITION:START-END", "--offsets", "t:0", "--out", "dir:x");
        assertError("bad offset range", "--offsets", "t:0:9-3", "--out", "dir:x");
        assertError("is not an input topic", "--offsets", "other:0:1-3", "--out", "dir:x");
        assertError(
                "say images=x or features=x",
                "--topics",
                "x",
                "--from",
                "1",
                "--to",
                "2",
                "--out",
                "dir:x");
        assertError(
                "model:NAME=DIR or threshold:NAME=VALUE",
                "--what-if",
                "v2=x",
                "--out",
                "dir:x",
                "--from",
                "1",
                "--to",
                "2");
        assertError(
                "should be in KEY=VALUE format but was v2", "--what-if", "v2", "--out", "dir:x");
        assertError(
                "--what-if is given once",
                "--what-if",
                "threshold:v2=1",
                "--what-if",
                "threshold:v3=1",
                "--out",
                "dir:x",
                "--from",
                "1",
                "--to",
                "2");
        assertError(
                "not a number",
                "--what-if",
                "threshold:v2=high",
                "--out",
                "dir:x",
                "--from",
                "1",
                "--to",
                "2");
        assertError("--mode must be batch or streaming", "--mode", "fast", "--out", "dir:x");
        assertError("Unknown options: '--frm'", "--frm", "1");
        // A picocli map option: its own message for a value without "=".
        assertError(
                "'--model' (NAME=DIR) should be in KEY=VALUE format but was v2",
                "--model",
                "v2",
                "--out",
                "dir:x");
        assertError(
                "unknown option ood.nope",
                "--set",
                "ood.nope=1",
                "--out",
                "dir:x",
                "--from",
                "1",
                "--to",
                "2");
    }

    @Test
    void aMissingModelIsOneLineBeforeAnyKafkaIsAsked(@TempDir Path tmp) {
        for (String[] models :
                List.of(
                        new String[] {"--set", "ood.model.dirs=m:" + tmp.resolve("no-such-model")},
                        new String[] {
                            "--set",
                            "ood.model.dirs=m:../models/fashion-mnist-isomax",
                            "--what-if",
                            "model:m=" + tmp.resolve("no-such-v2")
                        })) {
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    // Nothing listens there: a command that asked would hang.
                                    "--set",
                                    "ood.kafka.bootstrap-servers=127.0.0.1:9",
                                    "--set",
                                    "ood.model.default=m",
                                    "--from",
                                    "0",
                                    "--to",
                                    "1",
                                    "--out",
                                    "dir:" + tmp.resolve("out")));
            args.addAll(List.of(models));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code =
                    CommandRunner.run(
                            new ReplayCommand(),
                            args.toArray(String[]::new),
                            new PrintStream(
                                    new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8));
            String message = err.toString(StandardCharsets.UTF_8);
            assertThat(code).isEqualTo(2);
            assertThat(message).startsWith("ood-monitor replay: model 'm': ").contains("no-such");
            assertThat(message.strip()).doesNotContain("\n");
        }
    }

    @Test
    void whatIfNamesAServedModel() {
        WhatIf whatIf = WhatIf.of("model:nope", "models/x");
        assertThatThrownBy(() -> whatIf.apply(new org.apache.flink.configuration.Configuration()))
                .hasMessageContaining("not served");
        assertThat(WhatIf.of("model:fashion-mnist-isomax", "models/v9").describe())
                .isEqualTo(
                        "model fashion-mnist-isomax from models/v9 over the whole range (no"
                                + " control commands for it)");
        assertThat(ReplayTarget.parse("kafka:audit-").topic("windows")).isEqualTo("audit-windows");
    }

    private static void assertError(String message, String... args) {
        assertThatThrownBy(() -> ReplayCommand.parse(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
