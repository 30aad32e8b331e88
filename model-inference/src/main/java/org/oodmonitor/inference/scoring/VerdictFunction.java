package org.oodmonitor.inference.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.oodmonitor.inference.detector.Alert;
import org.oodmonitor.inference.detector.AlertDetector;
import org.oodmonitor.inference.detector.InputStatistics;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.preprocess.InputException;
import org.oodmonitor.inference.shift.ShiftReference;
import org.oodmonitor.schemas.ErrorCode;

/**
 * Turns one row of an IsoMax+ model's logits into a {@link Verdict}: the minimum distance score,
 * the smallest scaled distance and the decision under the model's {@link ThresholdRule}.
 */
public final class VerdictFunction {

    private final ModelManifest manifest;
    private final ThresholdRule rule;
    private final AlertDetector detector;
    // The shift reference's statistics besides the score, resolved once: names, and for each its
    // index in the input statistics, or -1 for the entropic score.
    private final String[] statisticNames;
    private final int[] statisticIndex;

    /**
     * @param thresholdOverride a threshold for every class instead of the calibrated ones, or null
     * @throws IllegalArgumentException for a head whose logits are not negative distances, or a
     *     model without a usable threshold
     */
    public VerdictFunction(ModelManifest manifest, Double thresholdOverride) {
        if (!ModelManifest.ISOMAX_PLUS.equals(manifest.head())) {
            throw new IllegalArgumentException(
                    "model "
                            + manifest.name()
                            + " has a '"
                            + manifest.head()
                            + "' head; the monitor serves IsoMax+ models, whose logits are"
                            + " negative distances to class prototypes");
        }
        this.manifest = manifest;
        this.rule = ThresholdRule.of(manifest, thresholdOverride);
        // An operator's threshold override is a decision on the minimum distance score.
        this.detector = thresholdOverride == null ? manifest.alertDetector() : null;
        List<String> names = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        ShiftReference reference = manifest.shiftReference();
        if (reference != null) {
            for (String name : reference.statistics().keySet()) {
                boolean entropic = name.equals(ShiftReference.ENTROPIC);
                int index = entropic ? -1 : InputStatistics.index(name);
                // The score itself is in every record already; unknown names have no value.
                if (entropic || index >= 0) {
                    names.add(name);
                    indices.add(index);
                }
            }
        }
        this.statisticNames = reference == null ? null : names.toArray(String[]::new);
        this.statisticIndex = indices.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The detector that decides; empty when the minimum distance score does. */
    public Optional<AlertDetector> detector() {
        return Optional.ofNullable(detector);
    }

    /**
     * Whether {@link #apply(float[], double[])} needs the input's pixel statistics: for the alert
     * detector or for the shift reference.
     */
    public boolean needsPixels() {
        return (detector != null && detector.readsPixels())
                || (manifest.shiftReference() != null && manifest.shiftReference().readsPixels());
    }

    public ThresholdRule rule() {
        return rule;
    }

    /**
     * @throws InputException {@code INFERENCE_FAILED} when the logits are not finite numbers (an
     *     input the model cannot handle numerically)
     */
    public Verdict apply(float[] logits) throws InputException {
        return apply(logits, null);
    }

    /**
     * The verdict of an input with these logits and, for a detector that reads pixels, these {@link
     * org.oodmonitor.inference.detector.InputStatistics}.
     *
     * @throws InputException {@code INFERENCE_FAILED} for non-finite logits
     * @throws IllegalArgumentException when the detector needs {@code stats} and they are null
     */
    public Verdict apply(float[] logits, double[] stats) throws InputException {
        for (float l : logits) {
            if (!Float.isFinite(l)) {
                throw new InputException(
                        ErrorCode.INFERENCE_FAILED,
                        "model " + manifest.name() + " produced a non-finite logit (" + l + ")");
            }
        }
        int predicted = ScoreKind.argMax(logits);
        double score = ScoreKind.MDS.of(logits);
        double threshold = rule.thresholdFor(predicted);
        double entropic =
                detector != null || statisticNames != null
                        ? ScoreKind.ENTROPIC.of(logits)
                        : Double.NaN;
        Alert alert = detector == null ? null : detector.alert(entropic, stats);
        return new Verdict(
                predicted,
                manifest.classLabels().get(predicted),
                score,
                Math.max(0.0, -score),
                threshold,
                alert == null ? score < threshold : alert.isOod(),
                alert,
                statistics(entropic, stats));
    }

    /** The values the shift reference tests besides the minimum distance score, by name. */
    private Map<String, Double> statistics(double entropic, double[] stats) {
        if (statisticNames == null) {
            return null;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 0; i < statisticNames.length; i++) {
            int index = statisticIndex[i];
            if (index < 0) {
                values.put(statisticNames[i], entropic);
            } else if (stats != null) {
                values.put(statisticNames[i], stats[index]);
            }
        }
        return values;
    }
}
