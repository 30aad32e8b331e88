package org.oodmonitor.job.scoring;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Sets PyTorch's thread counts for this process, so that parallel scoring subtasks sharing a
 * machine do not over-subscribe its cores: on 2 cores, two subtasks of 1 intra-op and 1 inter-op
 * thread each score about 15% more events than two subtasks of PyTorch's default (measured with
 * {@code ood-monitor bench}, docs/BENCHMARKS.md).
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
     * Applies {@code threads} intra-op threads and, when the engine has not started yet and no
     * inter-op setting was given, as many inter-op threads (PyTorch fixes those at its first
     * parallel work).
     */
    public static void apply(int threads) {
        if (System.getProperty(INTEROP) == null) {
            System.setProperty(INTEROP, Integer.toString(threads));
        }
        Engine.getInstance();
        JniUtils.setNumThreads(threads);
    }
}
