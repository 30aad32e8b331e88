package org.oodmonitor.inference.scoring;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's thread counts for a scoring subtask. The count decides more than speed: on Intel CPUs
 * with AVX-512, oneDNN picks other kernels and reduction orders per thread count, so the same batch
 * gives scores that differ in the last bits. A subtask therefore pins its count, independent of the
 * machine's cores and the job's parallelism, and applies it on its own thread before every forward
 * pass, since PyTorch keeps the setting per process (and per OpenMP calling thread) and other code
 * in the same JVM may have changed it.
 */
public final class InferenceThreads {

    private static final String INTEROP = "ai.djl.pytorch.num_interop_threads";

    private InferenceThreads() {}

    /**
     * The intra-op threads for {@code requested} (0: the machine's cores divided by {@code
     * parallelism}, at least 1).
     */
    public static int resolve(int requested, int parallelism) {
        return requested > 0
                ? requested
                : Math.max(
                        1, Runtime.getRuntime().availableProcessors() / Math.max(1, parallelism));
    }

    /**
     * Starts the engine with {@code threads} inter-op threads when it has not started yet and no
     * inter-op setting was given (PyTorch fixes those at its first parallel work), then applies
     * {@code threads} intra-op threads.
     */
    public static void start(int threads) {
        if (System.getProperty(INTEROP) == null) {
            System.setProperty(INTEROP, Integer.toString(threads));
        }
        Engine.getInstance();
        apply(threads);
    }

    /** Applies {@code threads} intra-op threads, when they are not in force already. */
    public static void apply(int threads) {
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }

    /** The intra-op threads in force for the calling thread. */
    public static int current() {
        return JniUtils.getNumThreads();
    }
}
