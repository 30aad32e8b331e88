package org.oodmonitor.inference.detector;

/**
 * One part of an {@link AlertDetector}: a score, how unusual its value is among in-distribution
 * references, and the share of the false-alarm budget it may spend.
 *
 * @param name {@code entropic}, or one of {@link InputStatistics#NAMES}
 * @param weight its share of the false-alarm budget; the weights of a detector add up to 1
 * @param table the in-distribution references of its value
 */
public record AlertComponent(String name, double weight, TailTable table) {

    /** The component named {@code entropic}. */
    public static final String ENTROPIC = "entropic";

    /**
     * @throws IllegalArgumentException for an unknown name or a weight outside (0, 1]
     */
    public AlertComponent {
        if (!ENTROPIC.equals(name) && index(name) < 0) {
            throw new IllegalArgumentException("unknown alert component '" + name + "'");
        }
        if (!(weight > 0 && weight <= 1)) {
            throw new IllegalArgumentException(
                    "alert component " + name + " has weight " + weight + ", not in (0, 1]");
        }
    }

    /** Whether this component reads the input's pixels (else the model's logits). */
    public boolean readsPixels() {
        return !ENTROPIC.equals(name);
    }

    /** Index of {@code name} in {@link InputStatistics#NAMES}, or -1. */
    static int index(String name) {
        return InputStatistics.index(name);
    }

    /** This component's tail probability divided by its weight; small means unusual. */
    double weightedTail(double value) {
        return table.tail(value) / weight;
    }
}
