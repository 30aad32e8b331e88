package org.oodmonitor.inference.detector;

/**
 * Statistics of an image's gray levels that cost almost nothing and see what a classifier's
 * normalised features cannot: how busy, how dark and how bright the raw pixels are. Pure noise from
 * a broken sensor is far busier and has far fewer dark pixels than any real photograph of a product
 * on a plain background.
 */
public final class InputStatistics {

    /** Gray levels below this count as background. */
    public static final int DARK_LEVEL = 13;

    /** The statistics, in the order {@link #of} returns them. */
    public static final String[] NAMES = {
        "total_variation", "dark_fraction", "pixel_mean", "pixel_std"
    };

    private InputStatistics() {}

    /** The index of {@code name} in {@link #NAMES}, or -1 for another name. */
    public static int index(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Mean absolute difference between horizontally and vertically neighbouring pixels, fraction of
     * pixels below {@link #DARK_LEVEL}, mean and standard deviation of the gray levels (0 to 255)
     * of the {@code height x width} image stored row by row from {@code offset}.
     */
    public static double[] of(byte[] gray, int offset, int height, int width) {
        long variation = 0;
        long dark = 0;
        long sum = 0;
        long squares = 0;
        for (int y = 0; y < height; y++) {
            int row = offset + y * width;
            for (int x = 0; x < width; x++) {
                int v = gray[row + x] & 0xff;
                sum += v;
                squares += (long) v * v;
                if (v < DARK_LEVEL) {
                    dark++;
                }
                if (x + 1 < width) {
                    variation += Math.abs(v - (gray[row + x + 1] & 0xff));
                }
                if (y + 1 < height) {
                    variation += Math.abs(v - (gray[row + width + x] & 0xff));
                }
            }
        }
        double n = (double) height * width;
        int pairs = height * (width - 1) + (height - 1) * width;
        double mean = sum / n;
        double variance = Math.max(0, squares / n - mean * mean);
        return new double[] {
            pairs == 0 ? 0 : (double) variation / pairs, dark / n, mean, Math.sqrt(variance)
        };
    }
}
