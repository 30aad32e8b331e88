package org.oodmonitor.job.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.OodModel;

/** Model directories given as Flink file-system URIs: copied, verified, served, cleaned up. */
class ModelLocationTest {

    private static final Path MODEL = Path.of("../models/fashion-mnist-isomax").toAbsolutePath();

    @Test
    void aPlainPathIsUsedInPlace() throws IOException {
        try (ModelLocation location = ModelLocation.of(MODEL.toString())) {
            assertThat(location.copied()).isFalse();
            assertThat(location.local()).isEqualTo(MODEL);
        }
    }

    @Test
    void aFileUriIsReadInPlaceNotCopied() throws IOException {
        String uri = MODEL.toUri().toString();
        assertThat(uri).startsWith("file:/");
        try (ModelLocation location = ModelLocation.of(uri)) {
            assertThat(location.copied()).isFalse();
            assertThat(location.local()).isEqualTo(MODEL.toAbsolutePath());
            ModelArtifact.readVerified(location.local());
        }
        assertThat(MODEL).exists();
    }

    @Test
    void aRemoteUriIsCopiedVerifiedServedAndTheCopyDeleted() throws IOException {
        String uri = CopiedFileSystemFactory.uriOf(MODEL);
        Path copy;
        try (ModelLocation location = ModelLocation.of(uri)) {
            copy = location.local();
            assertThat(location.copied()).isTrue();
            assertThat(ModelArtifact.manifestSha256(copy))
                    .isEqualTo(ModelArtifact.manifestSha256(MODEL));
            ModelArtifact.readVerified(copy);
        }
        assertThat(copy).doesNotExist();

        ModelSpecs specs = new ModelSpecs(Map.of("m", uri), "m", Map.of(), Map.of());
        try (ModelRegistry registry = specs.open()) {
            OodModel model = registry.resolve("m").orElseThrow().model();
            assertThat(model.manifestSha256()).isEqualTo(ModelArtifact.manifestSha256(MODEL));
        }
    }

    @Test
    void aManifestOnlyCopyHoldsTheManifestAlone() throws IOException {
        Path copy;
        try (ModelLocation location =
                ModelLocation.manifestOnly(CopiedFileSystemFactory.uriOf(MODEL))) {
            copy = location.local();
            try (var files = java.nio.file.Files.list(copy)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .containsExactly(ModelArtifact.MANIFEST);
            }
            assertThat(ModelArtifact.manifestSha256(copy))
                    .isEqualTo(ModelArtifact.manifestSha256(MODEL));
        }
        assertThat(copy).doesNotExist();
        var served =
                org.oodmonitor.job.operators.ShiftReferences.of(
                                new ModelSpecs(
                                        Map.of("m", CopiedFileSystemFactory.uriOf(MODEL)),
                                        "m",
                                        Map.of(),
                                        Map.of()))
                        .load();
        assertThat(served).containsOnlyKeys(ModelArtifact.manifestSha256(MODEL));
        assertThat(served.values().iterator().next().reference()).isNotNull();
    }

    @Test
    void aTamperedCopyBehindAUriIsRefusedWithTheReason(@TempDir Path tmp) throws IOException {
        Path tampered = tmp.resolve("tampered");
        Files.createDirectories(tampered);
        for (String name : new String[] {"manifest.json", "model-0000.params"}) {
            Files.copy(MODEL.resolve(name), tampered.resolve(name));
        }
        byte[] params = Files.readAllBytes(tampered.resolve("model-0000.params"));
        params[params.length - 1] ^= 1;
        Files.write(tampered.resolve("model-0000.params"), params);

        ModelSpecs specs =
                new ModelSpecs(Map.of("m", tampered.toUri().toString()), "m", Map.of(), Map.of());
        assertThatThrownBy(specs::open)
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("model m (" + tampered.toUri() + "): ")
                .hasMessageContaining("checksum mismatch for model-0000.params")
                .hasMessageContaining("the model was modified or corrupted");
    }

    @Test
    void anAbsoluteLocationKeepsEveryUriAndAnchorsAPlainPath() {
        for (String uri : List.of("file:/models/v2", "file:///models/v2", "hdfs:/m", "s3://b/m")) {
            assertThat(ModelLocation.absolute(uri)).isEqualTo(uri);
        }
        assertThat(ModelLocation.absolute("models/../models/v2"))
                .isEqualTo(Path.of("models/v2").toAbsolutePath().toString());
        assertThat(ModelLocation.absolute("/opt/m")).isEqualTo("/opt/m");
    }

    @Test
    void aMissingDirectoryOrAnUnknownSchemeIsAOneLineError() {
        assertThatThrownBy(() -> ModelLocation.of("copied:///no/such/model"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("copied:///no/such/model");
        assertThatThrownBy(
                        () ->
                                ModelArtifact.readVerified(
                                        ModelLocation.of("file:///no/such/model").local()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("/no/such/model");
        assertThatThrownBy(() -> ModelLocation.of("nosuchfs://bucket/model"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(
                        "cannot read model nosuchfs://bucket/model: no file system");
    }
}
