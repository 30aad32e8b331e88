package org.oodmonitor.training.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.nn.Backbones;
import org.oodmonitor.inference.scoring.ScoreKind;
import org.oodmonitor.training.data.Examples;
import org.oodmonitor.training.data.Split;
import org.oodmonitor.training.data.VectorSet;

/**
 * The training loop's listeners on three separable Gaussian clusters: a checkpoint per epoch, the
 * best epoch's parameters in the result (its validation accuracy recomputed from the labels), early
 * stopping, and the same model for the same seed.
 */
class ModelTrainerTest {

    @TempDir Path dir;

    private static final VectorSet CLUSTERS = clusters(600, new Random(11));
    private static final Split SPLIT = Split.of(600, 150, 5);
    private static final ModelManifest MANIFEST =
            new ModelManifest(
                    1,
                    "clusters",
                    "0",
                    ModelManifest.ISOMAX_PLUS,
                    Backbones.MLP,
                    List.of(16),
                    InputSpec.vector(6),
                    List.of("a", "b", "c"),
                    8,
                    10f,
                    null,
                    null,
                    null,
                    null,
                    null);

    @Test
    void keepsTheBestEpochAndSavesACheckpointPerEpoch() throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ModelTrainer.Result result = train(options(4, 1e-2f, 0), log);

        assertThat(result.epochsRun()).isEqualTo(4);
        assertThat(result.lossByEpoch()).hasSize(4);
        assertThat(result.lossByEpoch()[3]).isLessThan(result.lossByEpoch()[0]);
        try (Stream<Path> epochs = Files.list(dir.resolve("checkpoints"))) {
            assertThat(epochs.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("epoch-001", "epoch-002", "epoch-003", "epoch-004");
        }
        try (OodModel model = OodModel.of(result.model(), MANIFEST)) {
            assertThat(validationAccuracy(model))
                    .as("accuracy of the returned parameters, from the labels")
                    .isCloseTo(result.validationAccuracy(), within(1e-6));
        }
        String out = log.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("epoch 1: train loss", "validation accuracy", "(best)");
        assertThat(out).contains("epoch 4/4 [");
    }

    @Test
    void stopsEarlyAndRestoresTheBestEpoch() throws IOException {
        // A learning rate so small that no epoch beats the first: stop after 1 + patience epochs.
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ModelTrainer.Result result = train(options(10, 1e-9f, 2), log);

        assertThat(result.bestEpoch()).isEqualTo(1);
        assertThat(result.epochsRun()).isEqualTo(3);
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("early stop: no better validation accuracy for 2 epochs")
                .contains("restored epoch 1, the best on validation");
    }

    @Test
    void theSameSeedTrainsTheSameModel() throws IOException {
        float[] vector = CLUSTERS.vectors()[0];
        float[][] first;
        try (OodModel model =
                OodModel.of(
                        train(options(2, 1e-2f, 0), new ByteArrayOutputStream()).model(),
                        MANIFEST)) {
            first = model.logitsOfVectors(new float[][] {vector});
        }
        try (OodModel model =
                OodModel.of(
                        train(options(2, 1e-2f, 0), new ByteArrayOutputStream()).model(),
                        MANIFEST)) {
            assertThat(model.logitsOfVectors(new float[][] {vector})).isDeepEqualTo(first);
        }
    }

    private TrainOptions options(int epochs, float learningRate, int patience) {
        return TrainOptions.builder()
                .name("clusters")
                .epochs(epochs)
                .batchSize(32)
                .learningRate(learningRate)
                .validationSize(150)
                .featureDimension(8)
                .hiddenUnits(List.of(16))
                .earlyStopPatience(patience)
                .checkpointDir(dir.resolve("checkpoints"))
                .seed(3)
                .build();
    }

    private static ModelTrainer.Result train(TrainOptions options, ByteArrayOutputStream log)
            throws IOException {
        return new ModelTrainer(options, new PrintStream(log, true, StandardCharsets.UTF_8), false)
                .train(Examples.of(CLUSTERS), SPLIT, MANIFEST);
    }

    private static double validationAccuracy(OodModel model) {
        int[] validation = SPLIT.validation();
        float[][] vectors = new float[validation.length][];
        for (int i = 0; i < validation.length; i++) {
            vectors[i] = CLUSTERS.vectors()[validation[i]];
        }
        float[][] logits = model.logitsOfVectors(vectors);
        int correct = 0;
        for (int i = 0; i < validation.length; i++) {
            correct += ScoreKind.argMax(logits[i]) == CLUSTERS.labels()[validation[i]] ? 1 : 0;
        }
        return (double) correct / validation.length;
    }

    /** Three classes in six dimensions: class c is shifted by 2 in dimensions c and c + 3. */
    private static VectorSet clusters(int n, Random random) {
        float[][] v = new float[n][6];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int d = 0; d < 6; d++) {
                v[i][d] = (float) ((d % 3 == labels[i] ? 2 : 0) + random.nextGaussian());
            }
        }
        return new VectorSet("clusters", v, labels);
    }
}
