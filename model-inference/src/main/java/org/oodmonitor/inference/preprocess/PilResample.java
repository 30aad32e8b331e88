package org.oodmonitor.inference.preprocess;

/**
 * PIL's {@code Image.resize} of 8-bit images with its antialiased bilinear and bicubic filters,
 * integer for integer: the coefficients of each output pixel over its source window, rounded to
 * 22-bit fixed point, a horizontal pass rounded to 8 bits, then a vertical one. torchvision's
 * {@code Resize} of a PIL image is this call, so an image resized here has the pixels a torchvision
 * pipeline gives it.
 */
final class PilResample {

    private static final int PRECISION_BITS = 32 - 8 - 2;

    /** A resampling filter: its support at scale 1 and its weight at a distance. */
    enum Filter {
        BILINEAR(1.0) {
            @Override
            double weight(double x) {
                x = Math.abs(x);
                return x < 1.0 ? 1.0 - x : 0.0;
            }
        },
        BICUBIC(2.0) {
            @Override
            double weight(double x) {
                double a = -0.5;
                x = Math.abs(x);
                if (x < 1.0) {
                    return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
                }
                if (x < 2.0) {
                    return (((x - 5) * x + 8) * x - 4) * a;
                }
                return 0.0;
            }
        };

        private final double support;

        Filter(double support) {
            this.support = support;
        }

        abstract double weight(double x);
    }

    /** The fixed-point coefficients of every output position along one axis. */
    private record Coefficients(int ksize, int[] bounds, int[] kk) {}

    private PilResample() {}

    /**
     * {@code pixels} ({@code height x width x channels}, interleaved) resized to {@code outHeight x
     * outWidth}.
     */
    static byte[] resize(
            byte[] pixels,
            int width,
            int height,
            int channels,
            int outWidth,
            int outHeight,
            Filter filter) {
        boolean horizontal = outWidth != width;
        boolean vertical = outHeight != height;
        Coefficients h = coefficients(width, outWidth, filter);
        Coefficients v = coefficients(height, outHeight, filter);
        byte[] image = pixels;
        int[] verticalBounds = v.bounds().clone();
        if (horizontal) {
            int first = verticalBounds[0];
            int last = verticalBounds[outHeight * 2 - 2] + verticalBounds[outHeight * 2 - 1];
            for (int i = 0; i < outHeight; i++) {
                verticalBounds[i * 2] -= first;
            }
            image = horizontal(pixels, width, channels, first, last - first, outWidth, h);
        }
        if (vertical) {
            image =
                    vertical(
                            image,
                            horizontal ? outWidth : width,
                            channels,
                            outHeight,
                            new Coefficients(v.ksize(), verticalBounds, v.kk()));
        } else if (!horizontal) {
            image = pixels.clone();
        }
        return image;
    }

    private static Coefficients coefficients(int inSize, int outSize, Filter filter) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filter.support * filterScale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        int[] bounds = new int[outSize * 2];
        int[] kk = new int[outSize * ksize];
        double[] k = new double[ksize];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            double ww = 0.0;
            double ss = 1.0 / filterScale;
            int xmin = Math.max(0, (int) (center - support + 0.5));
            int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
            for (int x = 0; x < xmax; x++) {
                double w = filter.weight((x + xmin - center + 0.5) * ss);
                k[x] = w;
                ww += w;
            }
            for (int x = 0; x < ksize; x++) {
                double w = x < xmax ? (ww != 0.0 ? k[x] / ww : k[x]) : 0.0;
                kk[xx * ksize + x] =
                        (int)
                                (w < 0
                                        ? -0.5 + w * (1 << PRECISION_BITS)
                                        : 0.5 + w * (1 << PRECISION_BITS));
            }
            bounds[xx * 2] = xmin;
            bounds[xx * 2 + 1] = xmax;
        }
        return new Coefficients(ksize, bounds, kk);
    }

    private static byte[] horizontal(
            byte[] in,
            int width,
            int channels,
            int firstRow,
            int rows,
            int outWidth,
            Coefficients c) {
        byte[] out = new byte[rows * outWidth * channels];
        for (int yy = 0; yy < rows; yy++) {
            int row = (yy + firstRow) * width * channels;
            for (int xx = 0; xx < outWidth; xx++) {
                int xmin = c.bounds()[xx * 2];
                int xmax = c.bounds()[xx * 2 + 1];
                int k = xx * c.ksize();
                for (int ch = 0; ch < channels; ch++) {
                    int ss = 1 << (PRECISION_BITS - 1);
                    for (int x = 0; x < xmax; x++) {
                        ss += (in[row + (x + xmin) * channels + ch] & 0xff) * c.kk()[k + x];
                    }
                    out[(yy * outWidth + xx) * channels + ch] = clip8(ss);
                }
            }
        }
        return out;
    }

    private static byte[] vertical(
            byte[] in, int width, int channels, int outHeight, Coefficients c) {
        byte[] out = new byte[outHeight * width * channels];
        for (int yy = 0; yy < outHeight; yy++) {
            int ymin = c.bounds()[yy * 2];
            int ymax = c.bounds()[yy * 2 + 1];
            int k = yy * c.ksize();
            for (int xx = 0; xx < width; xx++) {
                for (int ch = 0; ch < channels; ch++) {
                    int ss = 1 << (PRECISION_BITS - 1);
                    for (int y = 0; y < ymax; y++) {
                        ss +=
                                (in[((y + ymin) * width + xx) * channels + ch] & 0xff)
                                        * c.kk()[k + y];
                    }
                    out[(yy * width + xx) * channels + ch] = clip8(ss);
                }
            }
        }
        return out;
    }

    private static byte clip8(int in) {
        if (in >= (1 << PRECISION_BITS << 8)) {
            return (byte) 255;
        }
        if (in <= 0) {
            return 0;
        }
        return (byte) (in >> PRECISION_BITS);
    }
}
