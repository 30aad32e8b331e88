package org.oodmonitor.inference.model;

/**
 * Preprocessed inputs of {@code rows} examples, one after another.
 *
 * @param values {@code rows * input size} values
 * @param rows number of examples
 */
public record InputBatch(float[] values, int rows) {

    /**
     * @throws IllegalArgumentException when there are no rows
     */
    public InputBatch {
        if (rows < 1) {
            throw new IllegalArgumentException("a batch needs at least one row, had " + rows);
        }
    }
}
