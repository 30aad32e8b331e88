package org.oodmonitor.inference.data;

/**
 * The inputs of the demo's vector model: a 28x28 image 4x4-average-pooled to 49 values in [0, 1],
 * exactly as {@code scripts/make-pooled-vectors.py} computed its training data.
 */
public final class PooledFeatures {

    private PooledFeatures() {}

    /** The 49 pooled values of a 28x28 uint8 image stored row by row. */
    public static float[] of(byte[] pixels) {
        float[] v = new float[49];
        for (int by = 0; by < 7; by++) {
            for (int bx = 0; bx < 7; bx++) {
                int sum = 0;
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 4; x++) {
                        sum += pixels[(by * 4 + y) * 28 + bx * 4 + x] & 0xff;
                    }
                }
                v[by * 7 + bx] = sum / (16 * 255f);
            }
        }
        return v;
    }
}
