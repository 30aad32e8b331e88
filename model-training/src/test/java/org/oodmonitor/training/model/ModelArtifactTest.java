package org.oodmonitor.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.nn.Backbones;
import org.oodmonitor.training.data.Examples;
import org.oodmonitor.training.data.Split;
import org.oodmonitor.training.data.VectorSet;
import org.oodmonitor.training.train.ModelTrainer;
import org.oodmonitor.training.train.TrainOptions;

/** A saved vector model loads back identical, and a tampered or incomplete one is refused. */
class ModelArtifactTest {

    @TempDir static Path dir;
    private static VectorSet vectors;
    private static Path saved;

    @BeforeAll
    static void trainAndSave() throws IOException {
        vectors = clusters(600, 8, 3, new Random(3));
        TrainOptions options =
                TrainOptions.builder()
                        .name("vectors")
                        .epochs(3)
                        .validationSize(100)
                        .featureDimension(16)
                        .hiddenUnits(List.of(32))
                        .build();
        ModelManifest manifest =
                new ModelManifest(
                        1,
                        "vectors",
                        "0.1",
                        ModelManifest.ISOMAX_PLUS,
                        Backbones.MLP,
                        List.of(32),
                        InputSpec.vector(8),
                        List.of("a", "b", "c"),
                        16,
                        10f,
                        null,
                        null,
                        null,
                        null,
                        null);
        Split split = Split.of(vectors.count(), 100, 1);
        ModelTrainer.Result result =
                new ModelTrainer(options, System.err, false)
                        .train(Examples.of(vectors), split, manifest);
        saved = dir.resolve("model");
        try (OodModel model = OodModel.of(result.model(), manifest)) {
            ModelArtifact.save(saved, result.model(), manifest);
            float[][] before = model.logitsOfVectors(new float[][] {vectors.vectors()[0]});
            try (OodModel loaded = OodModel.load(saved)) {
                assertThat(loaded.logitsOfVectors(new float[][] {vectors.vectors()[0]}))
                        .isDeepEqualTo(before);
                assertThat(loaded.manifestSha256()).hasSize(64);
                assertThat(loaded.manifest().files()).containsOnlyKeys("model-0000.params");
            }
        }
    }

    @Test
    void tamperedParametersAreRefused() throws IOException {
        Path copy = copy("tampered");
        Path params = copy.resolve("model-0000.params");
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length - 1] ^= 1;
        Files.write(params, bytes);

        assertThatThrownBy(() -> OodModel.load(copy))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("checksum mismatch for model-0000.params")
                .hasMessageEndingWith("the model was modified or corrupted");
    }

    @Test
    void incompleteOrForeignDirectoriesAreRefused() throws IOException {
        Path missing = copy("missing");
        Files.delete(missing.resolve("model-0000.params"));
        assertThatThrownBy(() -> OodModel.load(missing))
                .hasMessageEndingWith("is incomplete: missing model-0000.params");

        Path extra = copy("extra");
        Files.write(extra.resolve("model-0001.params"), new byte[] {1});
        assertThatThrownBy(() -> OodModel.load(extra))
                .hasMessageEndingWith("parameter file model-0001.params is not in the manifest");

        assertThatThrownBy(() -> OodModel.load(dir.resolve("nothing")))
                .hasMessageEndingWith("is not a model directory: no manifest.json");

        Path badManifest = copy("bad-manifest");
        Files.writeString(
                badManifest.resolve("manifest.json"),
                "{\"format_version\": 99}",
                StandardOpenOption.TRUNCATE_EXISTING);
        assertThatThrownBy(() -> OodModel.load(badManifest))
                .hasMessageContaining("manifest format 99 is not supported");
    }

    private static Path copy(String name) throws IOException {
        Path target = dir.resolve(name);
        Files.createDirectories(target);
        for (String file : List.of("manifest.json", "model-0000.params")) {
            Files.copy(saved.resolve(file), target.resolve(file));
        }
        return target;
    }

    /** Three Gaussian clusters in {@code dim} dimensions. */
    static VectorSet clusters(int n, int dim, int classes, Random random) {
        float[][] v = new float[n][dim];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            for (int d = 0; d < dim; d++) {
                v[i][d] = (float) ((d % classes == labels[i] ? 3 : 0) + random.nextGaussian());
            }
        }
        return new VectorSet("clusters", v, labels);
    }
}
