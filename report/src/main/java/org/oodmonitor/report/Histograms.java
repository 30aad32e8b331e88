package org.oodmonitor.report;

/**
 * The one binning of every score histogram in the reports (evaluation and audit): {@link #BINS}
 * equal bins from a low to a high value, the last one closed.
 */
public final class Histograms {

    /** Bins per histogram. */
    public static final int BINS = 40;

    private Histograms() {}

    /** The width of one bin of {@code [low, high]}; 1 when the range is a single value. */
    public static double width(double low, double high) {
        return high > low ? (high - low) / BINS : 1.0;
    }

    /** The bin of {@code value} in {@code [low, high]}: 0 to {@link #BINS} - 1. */
    public static int bin(double value, double low, double high) {
        int bin = (int) Math.floor((value - low) / width(low, high));
        return Math.max(0, Math.min(BINS - 1, bin));
    }

    /** How many of {@code values} fall in each bin of {@code [low, high]}. */
    public static long[] counts(double[] values, double low, double high) {
        long[] counts = new long[BINS];
        for (double v : values) {
            counts[bin(v, low, high)]++;
        }
        return counts;
    }
}
