package org.oodmonitor.training.data;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;

/**
 * A DJL sampler that visits a dataset in a new {@link Split#permutation} of one seeded {@link
 * Random} each epoch. Used instead of DJL's {@code RandomSampler}, which draws from the global
 * {@code RandomUtils}, so that the batch order depends on the training seed alone and the committed
 * models are reproduced bit for bit.
 */
public final class PermutationSampler implements Sampler.SubSampler {

    private final Random random;

    public PermutationSampler(Random random) {
        this.random = random;
    }

    @Override
    public Iterator<Long> sample(RandomAccessDataset dataset) {
        return Arrays.stream(Split.permutation(Math.toIntExact(dataset.size()), random))
                .mapToObj(i -> (long) i)
                .iterator();
    }
}
