package org.oodmonitor.inference.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a model takes as input: grayscale images of one size with their normalisation, or vectors of
 * one dimension.
 *
 * @param kind {@code image} or {@code vector}
 * @param height image rows
 * @param width image columns
 * @param channels image channels (1)
 * @param mean pixel mean (of values scaled to [0, 1]) subtracted before the model
 * @param std pixel standard deviation divided by before the model
 * @param dimension vector length
 * @param preprocessing how an image of any size becomes this input (torchvision's transforms), or
 *     null for images that must have the model's size and gray levels
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputSpec(
        String kind,
        Integer height,
        Integer width,
        Integer channels,
        Float mean,
        Float std,
        Integer dimension,
        Preprocessing preprocessing)
        implements java.io.Serializable {

    public static final String IMAGE = "image";
    public static final String VECTOR = "vector";

    public static InputSpec image(int height, int width, float mean, float std) {
        return new InputSpec(IMAGE, height, width, 1, mean, std, null, null);
    }

    public static InputSpec vector(int dimension) {
        return new InputSpec(VECTOR, null, null, null, null, null, dimension, null);
    }

    @JsonIgnore
    public boolean isImage() {
        return IMAGE.equals(kind);
    }

    /** Number of input values per example. */
    @JsonIgnore
    public int size() {
        return isImage() ? height * width * channels : dimension;
    }

    /**
     * Scales {@code count} images of uint8 pixels from {@code offset} to [0, 1], then normalises
     * them with this spec's mean and standard deviation.
     */
    public float[] normalize(byte[] pixels, int offset, int count) {
        int length = count * size();
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = ((pixels[offset + i] & 0xff) / 255f - mean) / std;
        }
        return out;
    }
}
