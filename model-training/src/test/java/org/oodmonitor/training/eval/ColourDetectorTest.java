package org.oodmonitor.training.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.inference.detector.AlertDetector;
import org.oodmonitor.inference.detector.InputStatistics;
import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.model.ModelImport;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.model.TorchScriptExample;
import org.oodmonitor.training.data.ImageFiles;
import org.oodmonitor.training.data.Split;
import org.oodmonitor.training.metrics.AlertDetectorFitter;
import org.oodmonitor.training.metrics.OodMetrics;

/**
 * A colour model's alert detector reads the share of each channel besides the gray levels' four
 * statistics: a camera that starts sending BGR, or one whose red channel dies, changes little of
 * the luma the gray statistics read and nothing of what the classifier's normalised features see,
 * but every channel share. Fitted on half of the committed validation images of the imported RGB
 * example, tested on the other half.
 */
class ColourDetectorTest {

    static final Path EXAMPLE = TorchScriptExample.DIR;

    @TempDir static Path tmp;

    private static ScoredSet fit;
    private static ScoredSet test;
    private static ScoredSet bgr;
    private static ScoredSet deadRed;
    private static ScoredSet digits;

    @BeforeAll
    static void scoreEverything() throws IOException {
        List<String> labels = TorchScriptExample.labels();
        InputSpec input = TorchScriptExample.input(32);
        Path dir = tmp.resolve("fashion32");
        new ModelImport(EXAMPLE.resolve("fashion32-isomax.pt"), "fashion32", "1", input, labels)
                .into(dir);
        ImageFiles all = ImageFiles.labelled(EXAMPLE.resolve("images/val"), labels);
        Split halves = Split.of(all.count(), all.count() / 2, 7);
        ImageFiles held = all.select(halves.train(), "test");
        try (OodModel model = OodModel.load(dir)) {
            fit = Scorer.imageFiles(model, all.select(halves.validation(), "fit"));
            test = Scorer.imageFiles(model, held);
            bgr = Scorer.imageFiles(model, changed(held, "bgr", new int[] {2, 1, 0}, 1));
            deadRed = Scorer.imageFiles(model, changed(held, "dead-red", new int[] {0, 1, 2}, 0));
            digits =
                    Scorer.imageFiles(
                            model, ImageFiles.unlabelled(EXAMPLE.resolve("images/digits")));
        }
    }

    /** The files of {@code set} with channels reordered by {@code order}, red times {@code red}. */
    private static ImageFiles changed(ImageFiles set, String name, int[] order, int red)
            throws IOException {
        Path folder = Files.createDirectories(tmp.resolve(name));
        for (Path file : set.files()) {
            BufferedImage in = ImageIO.read(file.toFile());
            BufferedImage out =
                    new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < in.getHeight(); y++) {
                for (int x = 0; x < in.getWidth(); x++) {
                    int[] rgb = in.getRaster().getPixel(x, y, new int[3]);
                    int r = rgb[order[0]] * red;
                    out.setRGB(x, y, (r << 16) | (rgb[order[1]] << 8) | rgb[order[2]]);
                }
            }
            ImageIO.write(out, "png", folder.resolve(file.getFileName()).toFile());
        }
        return ImageFiles.unlabelled(folder);
    }

    /** {@code set} with only its gray levels' statistics, as before colour statistics. */
    private static ScoredSet grayOnly(ScoredSet set) {
        double[][] stats = new double[set.stats().length][];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = Arrays.copyOf(set.stats()[i], InputStatistics.NAMES.length);
        }
        return new ScoredSet(
                set.name(),
                set.predicted(),
                set.labels(),
                set.scores(),
                stats,
                InputStatistics.NAMES);
    }

    private static double auroc(AlertDetector detector, ScoredSet in, ScoredSet out) {
        return OodMetrics.auroc(in.alertScores(detector), out.alertScores(detector));
    }

    @Test
    void aColourModelsDetectorReadsEachChannelsShare() {
        assertThat(fit.statNames()).isEqualTo(InputStatistics.COLOR_NAMES);
        AlertDetector colour = AlertDetectorFitter.fit(fit, 0.95, "fit");
        assertThat(colour.name()).isEqualTo("entropic+colour-statistics");
        assertThat(colour.components())
                .extracting(c -> c.name())
                .contains("red_share", "blue_share");
    }

    @Test
    void channelSharesSeeAColourFaultThatGrayStatisticsAndTheScoreMiss() {
        AlertDetector colour = AlertDetectorFitter.fit(fit, 0.95, "fit");
        AlertDetector gray = AlertDetectorFitter.fit(grayOnly(fit), 0.95, "fit");
        for (ScoredSet fault : List.of(bgr, deadRed)) {
            double withChannels = auroc(colour, test, fault);
            double grayLevels = auroc(gray, grayOnly(test), grayOnly(fault));
            double mds =
                    OodMetrics.auroc(
                            test.scores(org.oodmonitor.inference.scoring.ScoreKind.MDS),
                            fault.scores(org.oodmonitor.inference.scoring.ScoreKind.MDS));
            System.out.printf(
                    "%s: AUROC colour detector %.3f, gray-statistics detector %.3f, MDS %.3f%n",
                    fault.name(), withChannels, grayLevels, mds);
            assertThat(withChannels).as(fault.name()).isGreaterThan(0.95);
            assertThat(withChannels).as(fault.name()).isGreaterThan(grayLevels + 0.05);
        }
    }

    @Test
    void onOtherContentTheColourDetectorKeepsUp() {
        AlertDetector colour = AlertDetectorFitter.fit(fit, 0.95, "fit");
        AlertDetector gray = AlertDetectorFitter.fit(grayOnly(fit), 0.95, "fit");
        double withChannels = auroc(colour, test, digits);
        double grayLevels = auroc(gray, grayOnly(test), grayOnly(digits));
        System.out.printf(
                "digits: AUROC colour detector %.3f, gray-statistics detector %.3f%n",
                withChannels, grayLevels);
        assertThat(withChannels).isGreaterThan(grayLevels - 0.02);
    }
}
