package org.oodmonitor.training.data;

import java.util.Arrays;
import java.util.Random;

/**
 * A seeded split of {@code count} examples into training and held-out validation indices; the same
 * count, size and seed always give the same split.
 *
 * @param train indices to train on, ascending
 * @param validation held-out indices, ascending
 */
public record Split(int[] train, int[] validation) {

    /**
     * @throws IllegalArgumentException when the validation size leaves nothing to train on
     */
    public static Split of(int count, int validationSize, long seed) {
        if (validationSize < 1 || validationSize >= count) {
            throw new IllegalArgumentException(
                    "validation size must be between 1 and "
                            + (count - 1)
                            + " for "
                            + count
                            + " examples, was "
                            + validationSize);
        }
        int[] order = permutation(count, new Random(seed));
        int[] validation = Arrays.copyOfRange(order, 0, validationSize);
        int[] train = Arrays.copyOfRange(order, validationSize, count);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new Split(train, validation);
    }

    /** A uniformly random permutation of {@code 0..n-1}. */
    public static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }
}
