package org.oodmonitor.inference.shift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How one statistic is distributed on in-distribution validation data, in a form a window can be
 * tested against in constant memory: cut points at the reference's own quantiles and how many
 * reference values fell into each bin. Bin {@code 0} is {@code (-inf, edges[0]]}, bin {@code k} is
 * {@code (edges[k-1], edges[k]]} and the last bin is {@code (edges[last], +inf)}; no bin is empty.
 *
 * @param edges ascending cut points, one fewer than the bins
 * @param counts reference values per bin, all positive
 */
public record BinnedReference(List<Double> edges, List<Long> counts) {

    /** Bins a reference is cut into, at most: ten of about a tenth each. */
    public static final int DEFAULT_BINS = 10;

    /**
     * @throws IllegalArgumentException for counts that do not match the edges, an empty bin or
     *     edges out of order
     */
    public BinnedReference {
        if (edges == null || counts == null || counts.size() != edges.size() + 1) {
            throw new IllegalArgumentException(
                    "a binned reference needs one count more than edges");
        }
        for (int k = 1; k < edges.size(); k++) {
            if (!(edges.get(k) > edges.get(k - 1))) {
                throw new IllegalArgumentException("binned reference edges must ascend");
            }
        }
        if (counts.stream().anyMatch(c -> c == null || c <= 0)) {
            throw new IllegalArgumentException("a binned reference has no empty bins");
        }
        edges = List.copyOf(edges);
        counts = List.copyOf(counts);
    }

    /**
     * The reference of {@code values}: cut at the {@code k / bins} quantiles; ties that would leave
     * a bin empty merge it with its neighbour.
     *
     * @throws IllegalArgumentException for no values, a non-finite value or fewer than two bins
     */
    public static BinnedReference of(double[] values, int bins) {
        if (values.length == 0 || bins < 2) {
            throw new IllegalArgumentException("a binned reference needs values and two bins");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (!Double.isFinite(sorted[0]) || !Double.isFinite(sorted[sorted.length - 1])) {
            throw new IllegalArgumentException("reference values must be finite");
        }
        List<Double> edges = new ArrayList<>();
        for (int k = 1; k < bins; k++) {
            double edge = sorted[(int) Math.ceil((double) k * sorted.length / bins) - 1];
            // An edge at the maximum would leave the last bin empty; a repeated one, a middle bin.
            if (edge < sorted[sorted.length - 1]
                    && (edges.isEmpty() || edge > edges.get(edges.size() - 1))) {
                edges.add(edge);
            }
        }
        long[] counts = new long[edges.size() + 1];
        BinnedReference shape = new BinnedReference(edges, ones(counts.length));
        for (double v : sorted) {
            counts[shape.bin(v)]++;
        }
        List<Long> list = new ArrayList<>();
        for (long c : counts) {
            list.add(c);
        }
        return new BinnedReference(edges, list);
    }

    /** The bin of {@code value}; NaN falls into the last bin. */
    public int bin(double value) {
        int lo = 0;
        int hi = edges.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges.get(mid) < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return Double.isNaN(value) ? edges.size() : lo;
    }

    /** The number of bins. */
    public int bins() {
        return counts.size();
    }

    /** The counts as an array. */
    public long[] countArray() {
        return counts.stream().mapToLong(Long::longValue).toArray();
    }

    private static List<Long> ones(int n) {
        List<Long> ones = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ones.add(1L);
        }
        return ones;
    }
}
