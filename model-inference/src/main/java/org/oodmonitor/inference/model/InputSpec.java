package org.oodmonitor.inference.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * What keeps this input from being served, one problem per entry: an image needs a size and 1
     * or 3 channels, and 3 channels or a torchvision preprocessing need that preprocessing to be
     * consistent; empty when nothing does.
     */
    @JsonIgnore
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!isImage()) {
            if (dimension() == null || dimension() < 1) {
                problems.add("a vector input needs a positive dimension");
            }
            return problems;
        }
        if (height() == null
                || width() == null
                || channels() == null
                || height() < 1
                || width() < 1
                || (channels() != 1 && channels() != 3)) {
            problems.add("an image input needs a height, a width and 1 or 3 channels");
            return problems;
        }
        if (preprocessing() != null) {
            problems.addAll(preprocessing().problems(height(), width(), channels()));
        } else if (channels() != 1 || mean() == null || std() == null) {
            problems.add(
                    "an image input without preprocessing takes 1 channel with a mean and a std");
        }
        return problems;
    }
}
