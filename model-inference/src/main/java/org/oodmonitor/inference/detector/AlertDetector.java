package org.oodmonitor.inference.detector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.oodmonitor.inference.scoring.ScoreKind;

/**
 * The alert decision of a model: an input is OOD when any component is more unusual than its share
 * of the false-alarm budget allows. Each component's value becomes its in-distribution tail
 * probability, divided by its weight; the alert score is the smallest of these, and the threshold
 * is calibrated jointly on in-distribution validation data so that the whole detector keeps the
 * target TPR (not each component on its own, which would add up their false alarms).
 *
 * <p>The image models' detector combines the entropic score (90% of the budget), which sees inputs
 * unlike every class, with four pixel statistics (2.5% each, two-sided), which see inputs unlike
 * any photograph, such as a broken sensor's noise, that the classifier's normalised features map
 * close to some class. Vector models use the entropic score alone. See docs/RESULTS.md.
 *
 * @param name the detector's name, for reports
 * @param components its parts
 * @param threshold alert scores below this are OOD
 * @param tpr the in-distribution true positive rate it was calibrated at
 * @param validationCount how many in-distribution validation inputs it was calibrated on
 * @param validationSource what those inputs were
 */
public record AlertDetector(
        String name,
        List<AlertComponent> components,
        double threshold,
        double tpr,
        int validationCount,
        String validationSource) {

    /**
     * @throws IllegalArgumentException for no components or weights that do not add up to 1
     */
    public AlertDetector {
        if (components == null || components.isEmpty()) {
            throw new IllegalArgumentException("an alert detector needs components");
        }
        double sum = components.stream().mapToDouble(AlertComponent::weight).sum();
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException(
                    "the weights of alert detector " + name + " add up to " + sum + ", not 1");
        }
        components = List.copyOf(components);
    }

    /** Whether any component reads pixels, so the detector needs the input image. */
    public boolean readsPixels() {
        return components.stream().anyMatch(AlertComponent::readsPixels);
    }

    /**
     * The alert score of an input: the smallest weighted tail probability of its components.
     *
     * @param stats the input's {@link InputStatistics}, or null for a detector that reads no pixels
     * @throws IllegalArgumentException when the detector reads pixels and {@code stats} is null
     */
    public double score(float[] logits, double[] stats) {
        return score(ScoreKind.ENTROPIC.of(logits), stats);
    }

    /** As {@link #score(float[], double[])}, from the input's entropic score. */
    public double score(double entropic, double[] stats) {
        double min = Double.POSITIVE_INFINITY;
        for (AlertComponent c : components) {
            min = Math.min(min, c.weightedTail(value(c, entropic, stats)));
        }
        return min;
    }

    /** This detector with another threshold, calibrated at {@code newTpr}. */
    public AlertDetector withThreshold(double newThreshold, double newTpr) {
        return new AlertDetector(
                name, components, newThreshold, newTpr, validationCount, validationSource);
    }

    /** The alert of an input, with the components that fired. */
    public Alert alert(float[] logits, double[] stats) {
        return alert(ScoreKind.ENTROPIC.of(logits), stats);
    }

    /** As {@link #alert(float[], double[])}, from the input's entropic score. */
    public Alert alert(double entropic, double[] stats) {
        List<double[]> fired = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < components.size(); i++) {
            AlertComponent c = components.get(i);
            double tail = c.weightedTail(value(c, entropic, stats));
            min = Math.min(min, tail);
            if (tail < threshold) {
                fired.add(new double[] {tail, i});
            }
        }
        fired.sort(Comparator.comparingDouble(f -> f[0]));
        List<String> names = new ArrayList<>(fired.size());
        fired.forEach(f -> names.add(components.get((int) f[1]).name()));
        return new Alert(min, threshold, names);
    }

    private static double value(AlertComponent c, double entropic, double[] stats) {
        if (!c.readsPixels()) {
            return entropic;
        }
        if (stats == null) {
            throw new IllegalArgumentException(
                    "alert component " + c.name() + " needs the input's pixels");
        }
        return stats[AlertComponent.index(c.name())];
    }
}
