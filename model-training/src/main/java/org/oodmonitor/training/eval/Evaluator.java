package org.oodmonitor.training.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.detector.AlertDetector;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.scoring.ScoreKind;
import org.oodmonitor.training.metrics.OodMetrics;

/** Scores an in-distribution test set and OOD sets and computes every metric. */
public final class Evaluator {

    /**
     * The report and the scores behind it (for charts).
     *
     * @param report the metrics
     * @param test the scored test set
     * @param ood the scored OOD sets
     * @param detector the model's alert detector, or null
     */
    public record Evaluation(
            EvaluationReport report, ScoredSet test, List<ScoredSet> ood, AlertDetector detector) {}

    /** The report's key of the model's alert detector, beside the scores of {@link ScoreKind}. */
    public static final String ALERT = "alert";

    private Evaluator() {}

    public static Evaluation evaluate(OodModel model, ImageSet test, List<ImageSet> oodSets) {
        long start = System.nanoTime();
        ScoredSet scoredTest = Scorer.images(model, test);
        List<ScoredSet> scoredOod = oodSets.stream().map(s -> Scorer.images(model, s)).toList();
        return new Evaluation(
                report(model, scoredTest, scoredOod, start),
                scoredTest,
                scoredOod,
                model.manifest().alertDetector());
    }

    /**
     * Like {@link #evaluate(OodModel, ImageSet, List)}, for image files (a labelled test set and
     * unlabelled OOD sets) through the model's own preprocessing.
     */
    public static Evaluation evaluateFiles(
            OodModel model,
            org.oodmonitor.training.data.ImageFiles test,
            List<org.oodmonitor.training.data.ImageFiles> oodSets) {
        long start = System.nanoTime();
        ScoredSet scoredTest = Scorer.imageFiles(model, test);
        List<ScoredSet> scoredOod = oodSets.stream().map(s -> Scorer.imageFiles(model, s)).toList();
        return new Evaluation(
                report(model, scoredTest, scoredOod, start),
                scoredTest,
                scoredOod,
                model.manifest().alertDetector());
    }

    /** Metrics of already scored sets. */
    public static EvaluationReport report(
            OodModel model, ScoredSet test, List<ScoredSet> oodSets, long startNanos) {
        Map<String, Map<String, OodMetrics>> ood = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        AlertDetector detector = model.manifest().alertDetector();
        double[] testAlerts = detector == null ? null : test.alertScores(detector);
        for (ScoredSet set : oodSets) {
            Map<String, OodMetrics> byScore = new LinkedHashMap<>();
            for (ScoreKind score : ScoreKind.values()) {
                byScore.put(score.key(), OodMetrics.of(test.scores(score), set.scores(score)));
            }
            if (detector != null) {
                byScore.put(ALERT, OodMetrics.of(testAlerts, set.alertScores(detector)));
            }
            ood.put(set.name(), byScore);
            counts.put(set.name(), set.count());
        }
        var manifest = model.manifest();
        return new EvaluationReport(
                manifest.name(),
                manifest.version(),
                manifest.head(),
                model.manifestSha256(),
                test.name(),
                test.count(),
                test.accuracy(),
                ood,
                counts,
                model.device(),
                (System.nanoTime() - startNanos) / 1e9);
    }
}
