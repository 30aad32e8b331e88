package org.oodmonitor.inference.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Grayscale uint8 images of one size, row-major and concatenated, with optional class labels.
 *
 * @param name where the images came from, for reports
 * @param height rows per image
 * @param width columns per image
 * @param pixels {@code count * height * width} bytes
 * @param labels one class index per image, or null for unlabelled (OOD) sets
 */
public record ImageSet(String name, int height, int width, byte[] pixels, int[] labels) {

    public ImageSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pixels, "pixels");
        if (height <= 0 || width <= 0 || pixels.length % (height * width) != 0) {
            throw new IllegalArgumentException(
                    name
                            + ": "
                            + pixels.length
                            + " bytes are not a whole number of "
                            + height
                            + "x"
                            + width
                            + " images");
        }
        if (labels != null && labels.length != pixels.length / (height * width)) {
            throw new IllegalArgumentException(
                    name
                            + ": "
                            + labels.length
                            + " labels for "
                            + pixels.length / (height * width)
                            + " images");
        }
    }

    public int count() {
        return pixels.length / (height * width);
    }

    public int imageSize() {
        return height * width;
    }

    /** The images at {@code indices}, in that order. */
    public ImageSet select(int[] indices, String newName) {
        int size = imageSize();
        byte[] out = new byte[indices.length * size];
        int[] outLabels = labels == null ? null : new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * size, out, i * size, size);
            if (outLabels != null) {
                outLabels[i] = labels[indices[i]];
            }
        }
        return new ImageSet(newName, height, width, out, outLabels);
    }

    /** The first {@code n} images (all when fewer). */
    public ImageSet head(int n) {
        int k = Math.min(n, count());
        int[] indices = new int[k];
        Arrays.setAll(indices, i -> i);
        return select(indices, name);
    }

    /**
     * The indices of the images labelled with one of {@code classes}, in order.
     *
     * @throws IllegalStateException for an unlabelled set
     */
    public int[] indicesOf(java.util.Set<Integer> classes) {
        if (labels == null) {
            throw new IllegalStateException(name + " has no labels");
        }
        return java.util.stream.IntStream.range(0, labels.length)
                .filter(i -> classes.contains(labels[i]))
                .toArray();
    }
}
