package org.oodmonitor.training.eval;

import java.util.Map;
import org.oodmonitor.training.metrics.OodMetrics;

/**
 * The result of {@code ood-monitor evaluate}, written as JSON: {@code accuracy} and {@code
 * ood.<set>.<score>.{auroc, aupr_in, aupr_out, tnr_at_tpr95, detection_accuracy}}.
 *
 * @param model model name
 * @param modelVersion model version
 * @param head {@code isomax_plus} or {@code softmax}
 * @param modelSha256 SHA-256 of the model's manifest
 * @param testData the in-distribution test set
 * @param testCount its size
 * @param accuracy classification accuracy on it
 * @param ood metrics per OOD set and score ({@code mds}, {@code msp}, {@code entropic})
 * @param oodCounts size of each OOD set
 * @param device where inference ran
 * @param seconds wall time
 */
public record EvaluationReport(
        String model,
        String modelVersion,
        String head,
        String modelSha256,
        String testData,
        int testCount,
        double accuracy,
        Map<String, Map<String, OodMetrics>> ood,
        Map<String, Integer> oodCounts,
        String device,
        double seconds) {}
