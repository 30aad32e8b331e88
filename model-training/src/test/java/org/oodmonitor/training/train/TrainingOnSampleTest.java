package org.oodmonitor.training.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.MnistDigitsJson;
import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.nn.Backbones;
import org.oodmonitor.inference.scoring.ScoreKind;
import org.oodmonitor.training.data.Examples;
import org.oodmonitor.training.data.Split;
import org.oodmonitor.training.eval.ScoredSet;
import org.oodmonitor.training.eval.Scorer;
import org.oodmonitor.training.metrics.OodMetrics;

/**
 * Short training runs on the committed sample: training lowers the loss, and IsoMax+ with the
 * minimum distance score detects MNIST digits better than SoftMax with the max probability.
 */
class TrainingOnSampleTest {

    private static final Path FASHION = Path.of("../samples/fashion-mnist");
    private static ImageSet train;
    private static ImageSet test;
    private static ImageSet digits;

    @BeforeAll
    static void load() throws IOException {
        train =
                IdxFiles.readImages(
                        FASHION.resolve("train-images-idx3-ubyte.gz"),
                        FASHION.resolve("train-labels-idx1-ubyte.gz"));
        test =
                IdxFiles.readImages(
                        FASHION.resolve("t10k-images-idx3-ubyte.gz"),
                        FASHION.resolve("t10k-labels-idx1-ubyte.gz"));
        digits = MnistDigitsJson.read(Path.of("../samples/mnist-digits"));
    }

    @Test
    void isoMaxPlusLowersTheLossAndBeatsSoftmaxOnMnistDigits() throws IOException {
        double[] isomax = trainAndScore(ModelManifest.ISOMAX_PLUS, ScoreKind.MDS);
        double[] softmax = trainAndScore(ModelManifest.SOFTMAX, ScoreKind.MSP);

        // [first epoch loss, last epoch loss, test accuracy, AUROC]
        assertThat(isomax[1]).as("IsoMax+ loss falls").isLessThan(isomax[0] * 0.8);
        assertThat(softmax[1]).as("SoftMax loss falls").isLessThan(softmax[0] * 0.8);
        assertThat(isomax[2]).as("IsoMax+ test accuracy").isGreaterThan(0.7);
        assertThat(isomax[3])
                .as("IsoMax+ MDS AUROC %.3f vs SoftMax MSP AUROC %.3f", isomax[3], softmax[3])
                .isGreaterThan(softmax[3]);
    }

    @Test
    void optionsAreValidatedWithEveryReason() {
        assertThatThrownBy(
                        () -> TrainOptions.builder().epochs(0).head("svm").learningRate(-1).build())
                .hasMessage(
                        "Invalid training options: head must be isomax_plus or softmax, was svm;"
                                + " epochs must be positive, was 0;"
                                + " learning rate must be positive, was -1.0");
    }

    private static double[] trainAndScore(String head, ScoreKind score) throws IOException {
        TrainOptions options =
                TrainOptions.builder().head(head).epochs(3).validationSize(200).seed(7).build();
        Split split = Split.of(train.count(), options.validationSize(), options.seed());
        float[] stats = Examples.pixelStatistics(train, split.train());
        InputSpec spec = InputSpec.image(28, 28, stats[0], stats[1]);
        ModelManifest manifest =
                new ModelManifest(
                        1,
                        "sample-" + head,
                        "0",
                        head,
                        Backbones.CNN,
                        null,
                        spec,
                        List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                        128,
                        10f,
                        null,
                        null,
                        null,
                        null,
                        null);
        ModelTrainer.Result result =
                new ModelTrainer(options, System.err, false)
                        .train(Examples.of(train, spec), split, manifest);
        try (OodModel model = OodModel.of(result.model(), manifest)) {
            ScoredSet in = Scorer.images(model, test);
            ScoredSet out = Scorer.images(model, digits);
            double[] losses = result.lossByEpoch();
            return new double[] {
                losses[0],
                losses[losses.length - 1],
                in.accuracy(),
                OodMetrics.auroc(in.scores(score), out.scores(score))
            };
        }
    }
}
