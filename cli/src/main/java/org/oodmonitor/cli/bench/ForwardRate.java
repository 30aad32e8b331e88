package org.oodmonitor.cli.bench;

import java.nio.file.Path;
import java.time.Duration;
import org.oodmonitor.inference.data.PooledFeatures;
import org.oodmonitor.inference.model.OodModel;

/** The model's bare batched forward rate: preprocessed inputs in, logits out, nothing else. */
final class ForwardRate {

    private static final int BATCH = 64;

    private ForwardRate() {}

    /**
     * Events per second of forward passes of 64 inputs on every core (all of PyTorch's intra-op
     * threads), best of one-second rounds.
     */
    static double measure(Path dir, BenchTraffic traffic, Duration duration) throws Exception {
        int threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(Runtime.getRuntime().availableProcessors());
        try (OodModel model = OodModel.load(dir)) {
            int size = model.preprocessor().size();
            float[] inputs = new float[BATCH * size];
            boolean images = model.manifest().input().isImage();
            for (int i = 0; i < BATCH; i++) {
                float[] one =
                        images
                                ? model.preprocessor().grayImages(traffic.pixels(i), 0, 1)
                                : PooledFeatures.of(traffic.pixels(i));
                System.arraycopy(one, 0, inputs, i * size, size);
            }
            double best = 0;
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                long events = 0;
                while (System.nanoTime() - start < 1_000_000_000L) {
                    model.logits(inputs, BATCH);
                    events += BATCH;
                }
                best = Math.max(best, events / ((System.nanoTime() - start) / 1e9));
            }
            return best;
        } finally {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
    }
}
