package org.oodmonitor.training.data;

import java.util.Objects;

/**
 * Feature vectors of one dimension with optional class labels.
 *
 * @param name where they came from, for reports
 * @param vectors one row per vector
 * @param labels one class index per vector, or null
 */
public record VectorSet(String name, float[][] vectors, int[] labels) {

    public VectorSet {
        Objects.requireNonNull(vectors, "vectors");
        if (vectors.length == 0) {
            throw new IllegalArgumentException(name + ": no vectors");
        }
        for (int i = 1; i < vectors.length; i++) {
            if (vectors[i].length != vectors[0].length) {
                throw new IllegalArgumentException(
                        name
                                + ": vector "
                                + i
                                + " has "
                                + vectors[i].length
                                + " values, the first has "
                                + vectors[0].length);
            }
        }
        if (labels != null && labels.length != vectors.length) {
            throw new IllegalArgumentException(
                    name + ": " + labels.length + " labels for " + vectors.length + " vectors");
        }
    }

    public int count() {
        return vectors.length;
    }

    public int dimension() {
        return vectors[0].length;
    }

    /** The vectors at {@code indices}, in that order. */
    public VectorSet select(int[] indices, String newName) {
        float[][] out = new float[indices.length][];
        int[] outLabels = labels == null ? null : new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = vectors[indices[i]];
            if (outLabels != null) {
                outLabels[i] = labels[indices[i]];
            }
        }
        return new VectorSet(newName, out, outLabels);
    }
}
