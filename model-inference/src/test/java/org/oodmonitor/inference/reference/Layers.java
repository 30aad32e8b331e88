package org.oodmonitor.inference.reference;

/**
 * The layers of {@link ReferenceNetwork}, each written out from its definition in double precision:
 * arrays are channel-major ({@code [c][y][x]} flattened), weights in the layouts PyTorch stores
 * (convolution {@code [out][in][3][3]}, dense {@code [out][in]}).
 */
final class Layers {

    private Layers() {}

    /**
     * 3x3 convolution with zero padding 1 and stride 1: same height and width, one output channel
     * per bias.
     */
    static double[] conv3x3(double[] in, int channels, int h, int w, float[] weight, float[] bias) {
        int out = bias.length;
        double[] result = new double[out * h * w];
        for (int o = 0; o < out; o++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = bias[o];
                    for (int c = 0; c < channels; c++) {
                        for (int dy = -1; dy <= 1; dy++) {
                            for (int dx = -1; dx <= 1; dx++) {
                                int yy = y + dy;
                                int xx = x + dx;
                                if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                    sum +=
                                            in[(c * h + yy) * w + xx]
                                                    * weight[
                                                            ((o * channels + c) * 3 + dy + 1) * 3
                                                                    + dx
                                                                    + 1];
                                }
                            }
                        }
                    }
                    result[(o * h + y) * w + x] = sum;
                }
            }
        }
        return result;
    }

    /** 2x2 max-pooling with stride 2 (odd last rows and columns dropped). */
    static double[] maxPool2x2(double[] in, int channels, int h, int w) {
        int ph = h / 2;
        int pw = w / 2;
        double[] result = new double[channels * ph * pw];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < ph; y++) {
                for (int x = 0; x < pw; x++) {
                    int top = (c * h + 2 * y) * w + 2 * x;
                    result[(c * ph + y) * pw + x] =
                            Math.max(
                                    Math.max(in[top], in[top + 1]),
                                    Math.max(in[top + w], in[top + w + 1]));
                }
            }
        }
        return result;
    }

    /** {@code weight * in + bias}, with {@code weight} of {@code bias.length} rows. */
    static double[] dense(double[] in, float[] weight, float[] bias) {
        double[] result = new double[bias.length];
        for (int o = 0; o < bias.length; o++) {
            double sum = bias[o];
            for (int i = 0; i < in.length; i++) {
                sum += weight[o * in.length + i] * in[i];
            }
            result[o] = sum;
        }
        return result;
    }

    static double[] relu(double[] in) {
        double[] result = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            result[i] = Math.max(0, in[i]);
        }
        return result;
    }

    /**
     * IsoMax+ logits: {@code -|scale| * ||f/||f|| - p_c/||p_c||||} for each prototype {@code p_c}
     * (rows of {@code prototypes}).
     */
    static double[] isoMaxPlus(double[] features, float[] prototypes, float scale) {
        int d = features.length;
        int classes = prototypes.length / d;
        double fNorm = Math.max(1e-12, norm(features));
        double[] logits = new double[classes];
        for (int c = 0; c < classes; c++) {
            double[] p = new double[d];
            for (int i = 0; i < d; i++) {
                p[i] = prototypes[c * d + i];
            }
            double pNorm = Math.max(1e-12, norm(p));
            double squares = 0;
            for (int i = 0; i < d; i++) {
                double diff = features[i] / fNorm - p[i] / pNorm;
                squares += diff * diff;
            }
            logits[c] = -Math.abs(scale) * Math.sqrt(squares);
        }
        return logits;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            s += v[i] * v[i];
        }
        return Math.sqrt(s);
    }
}
