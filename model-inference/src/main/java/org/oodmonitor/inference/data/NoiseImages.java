package org.oodmonitor.inference.data;

import java.util.Random;

/** Synthetic OOD images: uniform or Gaussian pixel noise, seeded. */
public final class NoiseImages {

    private NoiseImages() {}

    /** Every pixel uniform in 0..255. */
    public static ImageSet uniform(int count, int height, int width, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * height * width];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(256);
        }
        return new ImageSet("uniform-noise", height, width, pixels, null);
    }

    /** Every pixel N(128, 64^2), clipped to 0..255. */
    public static ImageSet gaussian(int count, int height, int width, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * height * width];
        for (int i = 0; i < pixels.length; i++) {
            long v = Math.round(128 + 64 * random.nextGaussian());
            pixels[i] = (byte) Math.max(0, Math.min(255, v));
        }
        return new ImageSet("gaussian-noise", height, width, pixels, null);
    }
}
