package org.oodmonitor.inference.preprocess;

/**
 * An image of any size as 8-bit pixels, row by row, its channels interleaved: 1 (gray) or 3 (RGB).
 *
 * @param width columns
 * @param height rows
 * @param channels 1 or 3
 * @param pixels {@code height * width * channels} values
 */
public record DecodedImage(int width, int height, int channels, byte[] pixels) {

    /**
     * This image in {@code channels} as PIL's {@code convert("L")} or {@code convert("RGB")} makes
     * it: gray by ITU-R 601-2 luma in PIL's fixed point, RGB from gray by repeating it.
     */
    public DecodedImage as(int target) {
        if (target == channels) {
            return this;
        }
        int n = width * height;
        byte[] out = new byte[n * target];
        for (int i = 0; i < n; i++) {
            if (target == 1) {
                out[i] =
                        luma(
                                pixels[3 * i] & 0xff,
                                pixels[3 * i + 1] & 0xff,
                                pixels[3 * i + 2] & 0xff);
            } else {
                out[3 * i] = pixels[i];
                out[3 * i + 1] = pixels[i];
                out[3 * i + 2] = pixels[i];
            }
        }
        return new DecodedImage(width, height, target, out);
    }

    /** PIL's {@code L24}: {@code (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16}. */
    static byte luma(int r, int g, int b) {
        return (byte) ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
    }
}
