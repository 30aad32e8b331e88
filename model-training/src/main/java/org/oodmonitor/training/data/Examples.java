package org.oodmonitor.training.data;

import java.util.function.IntFunction;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.model.InputSpec;

/** Labelled training examples turned into model-ready inputs. */
public interface Examples {

    /** Where they came from, for reports. */
    String name();

    int count();

    int label(int index);

    /** The input spec the values are produced for (normalisation included). */
    InputSpec spec();

    /** Model-ready inputs of the examples at {@code indices}, concatenated. */
    float[] inputs(int[] indices);

    /** Images normalised by {@code spec}. */
    static Examples of(ImageSet images, InputSpec spec) {
        int size = spec.size();
        return new RowExamples(
                images.name(),
                spec,
                images.labels(),
                i -> spec.normalize(images.pixels(), i * size, 1));
    }

    /** Vectors as they are. */
    static Examples of(VectorSet vectors) {
        return new RowExamples(
                vectors.name(),
                InputSpec.vector(vectors.dimension()),
                vectors.labels(),
                i -> vectors.vectors()[i]);
    }

    /** Mean and standard deviation of the pixels (scaled to [0, 1]) of the given images. */
    static float[] pixelStatistics(ImageSet images, int[] indices) {
        int size = images.imageSize();
        double sum = 0;
        double sumSquares = 0;
        for (int index : indices) {
            for (int j = 0; j < size; j++) {
                double v = (images.pixels()[index * size + j] & 0xff) / 255.0;
                sum += v;
                sumSquares += v * v;
            }
        }
        double n = (double) indices.length * size;
        double mean = sum / n;
        return new float[] {
            (float) mean, (float) Math.sqrt(Math.max(sumSquares / n - mean * mean, 1e-12))
        };
    }

    /** Examples whose model-ready input is one row per index. */
    record RowExamples(String name, InputSpec spec, int[] labels, IntFunction<float[]> row)
            implements Examples {

        @Override
        public int count() {
            return labels.length;
        }

        @Override
        public int label(int index) {
            return labels[index];
        }

        @Override
        public float[] inputs(int[] indices) {
            int size = spec.size();
            float[] out = new float[indices.length * size];
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(row.apply(indices[i]), 0, out, i * size, size);
            }
            return out;
        }
    }
}
