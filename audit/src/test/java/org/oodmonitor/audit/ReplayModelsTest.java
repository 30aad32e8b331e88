package org.oodmonitor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oodmonitor.job.scoring.ModelSpecs;

/**
 * The audit report names the models the replay served, resolved as the job resolves them: a model
 * given as a file-system URI (as an {@code s3://} one would be) is read through Flink's file
 * systems. Seen to fail with the report's old {@code Path.of(uri)}: NoSuchFileException.
 */
class ReplayModelsTest {

    private static final Path MODEL = Path.of("../models/fashion-mnist-isomax").toAbsolutePath();

    /** The committed model's manifest.json, by {@code sha256sum}. */
    private static final String CHECKSUM =
            "3bd82606a876182248f88b8cdf90316e1b2f849d3268ba07f4984908fa0ea44e";

    @Test
    void aModelGivenAsAUriIsReadLikeTheJobReadsIt() throws Exception {
        String uri = MODEL.toUri().toString();
        ModelSpecs specs =
                new ModelSpecs(
                        Map.of("fashion", uri, "local", MODEL.toString()),
                        "fashion",
                        Map.of(),
                        Map.of());
        List<AuditReport.Model> models = ReplayRunner.models(specs);
        assertThat(models).hasSize(2);
        for (AuditReport.Model model : models) {
            assertThat(model.modelName()).isEqualTo("fashion-mnist-isomax");
            assertThat(model.modelVersion()).isEqualTo("1.0.0");
            assertThat(model.manifestSha256()).isEqualTo(CHECKSUM);
        }
        assertThat(models)
                .extracting(AuditReport.Model::directory)
                .containsExactlyInAnyOrder(uri, MODEL.toString());
    }
}
