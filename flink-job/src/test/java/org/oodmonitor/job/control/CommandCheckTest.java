package org.oodmonitor.job.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.schemas.ControlStatus;
import org.oodmonitor.schemas.ModelCommand;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/** The command check's bounds: effective times, reasons, model sizes and what it may quote. */
class CommandCheckTest {

    private static final long NOW = 1_796_000_000_000L;
    private static final long HOUR = 3_600_000L;
    private static final ModelSpecs SPECS =
            new ModelSpecs(
                    Map.of("fashion", TestModelVersions.COMMITTED.toString()),
                    "fashion",
                    Map.of(),
                    Map.of());

    @TempDir Path tmp;

    private static CommandCheck check() {
        return new CommandCheck(SPECS, ControlLimits.defaults());
    }

    private static byte[] json(ModelCommand command) {
        return new RecordWriter<>(RecordType.MODEL_COMMAND).write(command);
    }

    @Test
    void anEffectiveTimeFarAheadOrBehindTheRecordsTimeIsRefusedWithItsOption() throws Exception {
        CommandCheck check = check();
        ModelTimeline empty = check.emptyTimeline();
        Path v2 = TestModelVersions.version(tmp, "2.0.0", 0.1);

        var locked =
                check.decide(
                        empty,
                        json(TestModelVersions.deploy("max", v2, "2.0.0", "live", Long.MAX_VALUE)),
                        NOW);
        assertThat(locked.accepted()).isFalse();
        assertThat(locked.refusal()).contains("ahead").contains("ood.control.max-lead (PT168H)");
        var old =
                check.decide(empty, json(retire("old", NOW - Duration.ofDays(31).toMillis())), NOW);
        assertThat(old.refusal()).contains("behind").contains("ood.control.max-lag");

        var inBounds =
                check.decide(
                        empty,
                        json(
                                TestModelVersions.deploy(
                                        "soon",
                                        v2,
                                        "2.0.0",
                                        "live",
                                        NOW + Duration.ofDays(6).toMillis())),
                        NOW);
        assertThat(inBounds.accepted()).as(inBounds.refusal()).isTrue();
    }

    @Test
    void aCancelComesBeforeTheChangeItUndoesTakesEffect() throws Exception {
        CommandCheck check = check();
        Path v2 = TestModelVersions.version(tmp, "2.0.0", 0.1);
        ModelTimeline timeline =
                check.emptyTimeline()
                        .with(TestModelVersions.deploy("d2", v2, "2.0.0", "live", NOW + HOUR));
        ModelCommand cancel = ModelCommand.cancel("c", "fashion", "2.0.0", "d2", NOW, NOW);
        long margin = Duration.ofMinutes(10).toMillis();

        assertThat(check.decide(timeline, json(cancel), NOW).accepted()).isTrue();
        assertThat(check.decide(timeline, json(cancel), NOW + HOUR - margin - 1).accepted())
                .isTrue();
        assertThat(check.decide(timeline, json(cancel), NOW + HOUR - margin).refusal())
                .as("within max-future (5 min) plus verify-timeout (5 min) of its effect")
                .contains("takes effect at " + (NOW + HOUR))
                .contains("cannot be undone");
    }

    @Test
    void aRecordOfNinetyThousandUnknownNamesGetsAReasonWithinTheStatusCap() {
        StringBuilder record = new StringBuilder("{\"schema_version\":1");
        for (int i = 0; i < 90_000; i++) {
            record.append(",\"x").append(i).append("\":0");
        }
        record.append('}');
        assertThat(record.length()).isGreaterThan(900_000);

        var decision =
                check().decide(null, record.toString().getBytes(StandardCharsets.UTF_8), NOW);

        assertThat(decision.command()).isNull();
        assertThat(decision.refusal())
                .hasSizeLessThanOrEqualTo(ControlStatus.MAX_REASON_CHARS)
                .startsWith("not a model command")
                .contains("more problems");
    }

    @Test
    void aManifestLinkedOutOfItsDirectoryIsRefusedWithoutQuotingWhatItPointsTo() throws Exception {
        Path secret = tmp.resolve("environment");
        Files.writeString(secret, "OOD_SECRET_TOKEN=hunter2\n");
        Path dir = TestModelVersions.version(tmp, "2.0.0", 0.1);
        ModelCommand deploy = TestModelVersions.deploy("d", dir, "2.0.0", "live", NOW);
        Files.delete(dir.resolve(ModelArtifact.MANIFEST));
        Files.createSymbolicLink(dir.resolve(ModelArtifact.MANIFEST), secret);
        Path garbled = TestModelVersions.version(tmp.resolve("g"), "2.0.0", 0.1);
        ModelCommand garbledDeploy = TestModelVersions.deploy("g", garbled, "2.0.0", "live", NOW);
        Files.writeString(garbled.resolve(ModelArtifact.MANIFEST), "OOD_SECRET_TOKEN=hunter2\n");

        String linked = check().checkFiles(deploy);
        String notJson = check().checkFiles(garbledDeploy);

        assertThat(linked).contains("link out of the model directory");
        assertThat(notJson).contains("is not a valid manifest (at line 1");
        assertThat(linked + notJson).doesNotContain("OOD_SECRET").doesNotContain("hunter2");
    }

    @Test
    void aModelOverTheSizeOrFileCapsIsRefusedBeforeItsFilesAreRead() throws Exception {
        Path sparse = TestModelVersions.version(tmp, "2.0.0", 0.1);
        Path params;
        try (var files = Files.list(sparse)) {
            params = files.filter(f -> f.toString().endsWith(".params")).findFirst().orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(params.toFile(), "rw")) {
            file.setLength(3L << 30);
        }
        ModelCommand big = TestModelVersions.deploy("big", sparse, "2.0.0", "live", NOW);
        Path many = TestModelVersions.version(tmp.resolve("m"), "2.0.0", 0.1);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode manifest =
                (ObjectNode) mapper.readTree(many.resolve(ModelArtifact.MANIFEST).toFile());
        ObjectNode files = (ObjectNode) manifest.get("files");
        for (int i = 0; i < 70; i++) {
            files.put("extra-" + i + ".params", "0".repeat(64));
        }
        mapper.writeValue(many.resolve(ModelArtifact.MANIFEST).toFile(), manifest);
        ModelCommand numerous = TestModelVersions.deploy("many", many, "2.0.0", "live", NOW);

        assertThat(check().checkFiles(big))
                .contains("more than ood.control.max-model-bytes (" + (2L << 30) + " bytes)");
        assertThat(check().checkFiles(numerous))
                .contains("lists 71 files, more than ood.control.max-model-files (64)");
    }

    private static ModelCommand retire(String id, long from) {
        return ModelCommand.of(id, "retire", "fashion", "1.0.0", from, from);
    }
}
