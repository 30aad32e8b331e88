package org.oodmonitor.inference.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How an image of any size becomes a model's input, as torchvision's transforms make it of a PIL
 * image: {@code Resize(resize, interpolation)} of the shorter side, {@code CenterCrop(crop)},
 * {@code ToTensor()} and {@code Normalize(mean, std)} per channel, channels in {@code
 * channelOrder}. The image is first made the model's colour, as {@code Image.convert("RGB")} or
 * {@code "L"} does.
 *
 * @param resize the shorter side after resizing, or null for no resize
 * @param interpolation {@code bilinear} or {@code bicubic} (PIL's filters, antialiased)
 * @param crop the centre crop, {@code [height, width]}, or null for none
 * @param mean per-channel mean subtracted from values scaled to [0, 1]
 * @param std per-channel standard deviation divided by
 * @param channelOrder {@code rgb} or {@code bgr} (for 3 channels)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Preprocessing(
        Integer resize,
        String interpolation,
        List<Integer> crop,
        List<Float> mean,
        List<Float> std,
        String channelOrder)
        implements Serializable {

    public static final String BILINEAR = "bilinear";
    public static final String BICUBIC = "bicubic";
    public static final String RGB = "rgb";
    public static final String BGR = "bgr";

    /** The largest resize or crop side. */
    public static final int MAX_SIDE = 4096;

    /**
     * What is wrong with these steps for a model of {@code height x width x channels}, one problem
     * per entry; empty when nothing is.
     */
    public List<String> problems(int height, int width, int channels) {
        List<String> problems = new ArrayList<>();
        if (resize != null && (resize < 1 || resize > MAX_SIDE)) {
            problems.add("resize must be in [1, " + MAX_SIDE + "], was " + resize);
        }
        if (resize != null && !BILINEAR.equals(interpolation) && !BICUBIC.equals(interpolation)) {
            problems.add("interpolation must be bilinear or bicubic, was " + interpolation);
        }
        if (crop != null
                && (crop.size() != 2
                        || crop.get(0) == null
                        || crop.get(1) == null
                        || crop.get(0) != height
                        || crop.get(1) != width)) {
            problems.add(
                    "crop must be the model's [height, width] = ["
                            + height
                            + ", "
                            + width
                            + "], was "
                            + crop);
        }
        if (crop == null) {
            problems.add(
                    "crop must be the model's [height, width]: a resize of the shorter side alone"
                            + " gives images of other sizes");
        }
        if (mean == null || mean.size() != channels || mean.stream().anyMatch(v -> !finite(v))) {
            problems.add("mean must hold " + channels + " finite values, was " + mean);
        }
        if (std == null
                || std.size() != channels
                || std.stream().anyMatch(v -> !finite(v) || v <= 0)) {
            problems.add("std must hold " + channels + " positive values, was " + std);
        }
        if (channels == 3 && !RGB.equals(channelOrder) && !BGR.equals(channelOrder)) {
            problems.add("channel_order must be rgb or bgr, was " + channelOrder);
        }
        return problems;
    }

    private static boolean finite(Float v) {
        return v != null && Float.isFinite(v);
    }
}
