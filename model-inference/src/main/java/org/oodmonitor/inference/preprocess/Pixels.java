package org.oodmonitor.inference.preprocess;

/** Pixel arithmetic shared by every decoding path. */
final class Pixels {

    private Pixels() {}

    /** ITU-R BT.601 luma of an RGB pixel, rounded; gray stays gray ({@code r = g = b}). */
    static byte luminance(int r, int g, int b) {
        return (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }
}
