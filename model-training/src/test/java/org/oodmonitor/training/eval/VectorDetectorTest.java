package org.oodmonitor.training.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.MnistDigitsJson;
import org.oodmonitor.inference.data.PooledFeatures;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.scoring.ScoreKind;
import org.oodmonitor.training.data.VectorSet;
import org.oodmonitor.training.metrics.OodMetrics;

/**
 * Embeddings get a detector of their own: the committed vector model's alert detector (the entropic
 * score and the vectors' norm, mean, spread and zero fraction) sees a broken upstream model that
 * the IsoMax+ head, which normalises its features, cannot: embeddings whose scale exploded, or with
 * half their units dead; and it keeps up with the minimum distance score on another data set's
 * embeddings (digits).
 */
class VectorDetectorTest {

    private static final Path MODEL = Path.of("../models/fashion-pooled-vectors");

    @Test
    void theVectorStatisticsSeeABrokenUpstreamModel() throws Exception {
        ImageSet fashion =
                IdxFiles.readImages(
                        Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"), null);
        ImageSet digits = MnistDigitsJson.read(Path.of("../samples/mnist-digits"));
        VectorSet clean = pooled("fashion", fashion, 1000);
        float[][] scaled = new float[clean.vectors().length][];
        float[][] dead = new float[clean.vectors().length][];
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = clean.vectors()[i].clone();
            dead[i] = clean.vectors()[i].clone();
            for (int k = 0; k < scaled[i].length; k++) {
                scaled[i][k] *= 3;
                if (k % 2 == 0) {
                    dead[i][k] = 0;
                }
            }
        }
        try (OodModel model = OodModel.load(MODEL)) {
            var detector = model.manifest().alertDetector();
            ScoredSet in = Scorer.vectors(model, clean);
            for (var ood :
                    new VectorSet[] {
                        new VectorSet("scaled x3", scaled, null),
                        new VectorSet("half dead", dead, null),
                        pooled("digits", digits, 1000)
                    }) {
                ScoredSet out = Scorer.vectors(model, ood);
                double mds = OodMetrics.auroc(in.scores(ScoreKind.MDS), out.scores(ScoreKind.MDS));
                double alert =
                        OodMetrics.auroc(in.alertScores(detector), out.alertScores(detector));
                System.out.printf("%s: AUROC mds %.3f, alert %.3f%n", ood.name(), mds, alert);
                if (ood.name().equals("digits")) {
                    assertThat(alert).as(ood.name()).isGreaterThan(mds - 0.02);
                } else {
                    assertThat(alert).as(ood.name()).isGreaterThan(0.95).isGreaterThan(mds + 0.1);
                }
            }
        }
    }

    private static VectorSet pooled(String name, ImageSet set, int count) {
        float[][] vectors = new float[count][];
        for (int i = 0; i < count; i++) {
            vectors[i] =
                    PooledFeatures.of(Arrays.copyOfRange(set.pixels(), i * 784, (i + 1) * 784));
        }
        return new VectorSet(name, vectors, null);
    }
}
