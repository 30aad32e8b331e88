package org.oodmonitor.inference.detector;

import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.preprocess.DecodedImage;

/**
 * Statistics of an input that cost almost nothing and see what a classifier's normalised features
 * cannot. For an image, its gray levels: how busy, how dark and how bright the raw pixels are. Pure
 * noise from a broken sensor is far busier and has far fewer dark pixels than any real photograph
 * of a product on a plain background. For a vector (an embedding another model sends), its norm and
 * value distribution, which the IsoMax+ head normalises away.
 */
public final class InputStatistics {

    /** Gray levels below this count as background. */
    public static final int DARK_LEVEL = 13;

    /** The statistics of an image, in the order {@link #of} returns them. */
    public static final String[] NAMES = {
        "total_variation", "dark_fraction", "pixel_mean", "pixel_std"
    };

    /**
     * The statistics of a colour image, in the order {@link #of(DecodedImage)} returns them: those
     * of its gray levels, then each channel's share of the sum of all three, which see what luma
     * cannot and what no brightness changes: a colour cast, a dead channel, a camera that sends
     * BGR.
     */
    public static final String[] COLOR_NAMES = {
        "total_variation",
        "dark_fraction",
        "pixel_mean",
        "pixel_std",
        "red_share",
        "green_share",
        "blue_share"
    };

    /**
     * The statistics of a vector (an embedding), in the order {@link #ofVector} returns them: what
     * a broken upstream model shows before any class does, a collapsed or exploding norm, a shifted
     * or flattened value distribution, dead units.
     */
    public static final String[] VECTOR_NAMES = {
        "norm", "value_mean", "value_std", "zero_fraction"
    };

    /** A vector component of at most this size counts as zero. */
    public static final double ZERO = 1e-6;

    private InputStatistics() {}

    /**
     * The index of {@code name} in {@link #COLOR_NAMES} (whose first entries are {@link #NAMES}) or
     * in {@link #VECTOR_NAMES} (a model has the one or the other), or -1 for another name.
     */
    public static int index(String name) {
        for (String[] names : new String[][] {COLOR_NAMES, VECTOR_NAMES}) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * The names of the statistics of a model's inputs: {@link #NAMES} for gray images, {@link
     * #COLOR_NAMES} for colour ones, {@link #VECTOR_NAMES} for vectors.
     */
    public static String[] namesFor(InputSpec input) {
        if (!input.isImage()) {
            return VECTOR_NAMES;
        }
        return input.channels() != null && input.channels() == 3 ? COLOR_NAMES : NAMES;
    }

    /**
     * The statistics of an image as the model sees it (decoded, resized and cropped, before
     * normalisation): {@link #NAMES} of its gray levels (PIL's luma for a colour image), and for a
     * colour image each channel's share of the sum of its three channels after them (a third each
     * for a black image).
     */
    public static double[] of(DecodedImage image) {
        DecodedImage gray = image.as(1);
        double[] luma = of(gray.pixels(), 0, gray.height(), gray.width());
        if (image.channels() != 3) {
            return luma;
        }
        long[] sums = new long[3];
        byte[] px = image.pixels();
        for (int i = 0; i < px.length; i += 3) {
            sums[0] += px[i] & 0xff;
            sums[1] += px[i + 1] & 0xff;
            sums[2] += px[i + 2] & 0xff;
        }
        long total = sums[0] + sums[1] + sums[2];
        double[] all = java.util.Arrays.copyOf(luma, COLOR_NAMES.length);
        for (int c = 0; c < 3; c++) {
            all[NAMES.length + c] = total == 0 ? 1.0 / 3 : (double) sums[c] / total;
        }
        return all;
    }

    /**
     * The L2 norm, mean, standard deviation and fraction of (near) zero components of {@code
     * vector}, in double precision.
     */
    public static double[] ofVector(float[] vector) {
        double sum = 0;
        double squares = 0;
        long zeros = 0;
        for (float v : vector) {
            sum += v;
            squares += (double) v * v;
            if (Math.abs(v) <= ZERO) {
                zeros++;
            }
        }
        double n = vector.length;
        double mean = sum / n;
        return new double[] {
            Math.sqrt(squares), mean, Math.sqrt(Math.max(0, squares / n - mean * mean)), zeros / n
        };
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
