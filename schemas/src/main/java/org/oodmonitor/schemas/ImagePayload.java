package org.oodmonitor.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.Objects;

/**
 * The image carried by an {@link ImageEvent}: an encoded file, or raw pixels with their shape.
 *
 * @param encoding how {@code data} is encoded
 * @param data the file bytes or the raw pixels (base64 on the wire)
 * @param height pixel rows; required for raw pixels
 * @param width pixel columns; required for raw pixels
 * @param channels 1 (grayscale) or 3 (RGB); required for raw pixels
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImagePayload(
        ImageEncoding encoding, byte[] data, Integer height, Integer width, Integer channels) {

    public ImagePayload {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(data, "data");
    }

    /** An encoded image file (PNG or JPEG). */
    public static ImagePayload encoded(ImageEncoding encoding, byte[] file) {
        return new ImagePayload(encoding, file, null, null, null);
    }

    /** Raw row-major uint8 pixels. */
    public static ImagePayload raw(byte[] pixels, int height, int width, int channels) {
        return new ImagePayload(ImageEncoding.RAW, pixels, height, width, channels);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImagePayload other
                && encoding == other.encoding
                && Arrays.equals(data, other.data)
                && Objects.equals(height, other.height)
                && Objects.equals(width, other.width)
                && Objects.equals(channels, other.channels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(encoding, Arrays.hashCode(data), height, width, channels);
    }

    @Override
    public String toString() {
        return "ImagePayload[encoding=%s, bytes=%d, height=%s, width=%s, channels=%s]"
                .formatted(encoding, data.length, height, width, channels);
    }

    /**
     * Why raw pixels of {@code height x width x channels} cannot be {@code length} bytes: the one
     * rule of a raw image's size, for the schema check, the fast reader and the preprocessing.
     *
     * @return the problem, or null when the shape is 1 or 3 channels of exactly {@code length}
     *     bytes
     */
    public static String rawSizeProblem(long height, long width, long channels, long length) {
        String shape = "raw image of " + height + "x" + width + "x" + channels;
        if (channels != 1 && channels != 3) {
            return shape + " has " + channels + " channels; 1 or 3 are served";
        }
        long expected = height * width * channels;
        if (height > 0 && width > 0 && expected == length) {
            return null;
        }
        return shape + " needs " + expected + " bytes, got " + length;
    }
}
