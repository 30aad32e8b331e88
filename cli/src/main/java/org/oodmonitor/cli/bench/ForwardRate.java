package org.oodmonitor.cli.bench;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.scoring.InferenceThreads;

/**
 * The model's bare batched forward rate: preprocessed inputs in, logits out, nothing else; as one
 * model on every core, and as the job runs it, one model per slot on one thread each.
 */
final class ForwardRate {

    private static final int BATCH = 64;

    private ForwardRate() {}

    /**
     * Events per second of back-to-back forward passes.
     *
     * @param best the best one-second round of one model on every core
     * @param mean all its rounds together, after a second of warming up: the sustained rate,
     *     comparable with a job's steady state (which leaves its start out too)
     * @param perSlot the sustained rate of one model per core, each on one thread, all at once: how
     *     the job's scoring subtasks run (ood.inference.threads=1)
     * @param perSlotAfter the same measured again after the monitor job, or 0 before it is
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Rate(double best, double mean, double perSlot, double perSlotAfter) {

        /** This rate with the per-slot rate measured again later, {@code after}. */
        Rate withPerSlotAfter(double after) {
            return new Rate(best, mean, perSlot, after);
        }

        /**
         * The highest sustained rate measured: what a job is held to. The machine's speed drifts
         * between measurements (a virtual machine's neighbours), so the highest is the strict
         * bound.
         */
        double limit() {
            return Math.max(mean, Math.max(perSlot, perSlotAfter));
        }
    }

    /**
     * Events per second of forward passes of 64 inputs, in one-second rounds for {@code duration}
     * after one of warming up: first one model on every core (all of PyTorch's intra-op threads),
     * then one model per core on one thread each.
     */
    static Rate measure(Path dir, BenchTraffic traffic, Duration duration) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(cores);
        double best = 0;
        long total = 0;
        double seconds;
        try (OodModel model = OodModel.load(dir)) {
            float[] inputs = inputs(model, traffic);
            // A first round warms up: oneDNN builds its kernels, the JIT compiles the call path.
            run(model, inputs, 1_000_000_000L, null);
            long began = System.nanoTime();
            long end = began + duration.toNanos();
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                long events = run(model, inputs, 1_000_000_000L, null);
                best = Math.max(best, events / ((System.nanoTime() - start) / 1e9));
                total += events;
            }
            seconds = (System.nanoTime() - began) / 1e9;
        } finally {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
        return new Rate(best, total / seconds, perSlot(dir, traffic, duration, cores), 0);
    }

    /**
     * One model per core, each on one PyTorch thread, all counted over the same {@code duration}
     * once every one has loaded and warmed up.
     */
    static double perSlot(Path dir, BenchTraffic traffic, Duration duration, int slots)
            throws Exception {
        int threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        AtomicLong events = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CyclicBarrier ready = new CyclicBarrier(slots);
        List<Thread> running = new ArrayList<>();
        for (int s = 0; s < slots; s++) {
            Thread slot =
                    new Thread(
                            () -> {
                                try (OodModel model = OodModel.load(dir)) {
                                    float[] inputs = inputs(model, traffic);
                                    InferenceThreads.apply(1);
                                    run(model, inputs, 1_000_000_000L, null);
                                    ready.await();
                                    run(model, inputs, duration.toNanos(), events);
                                } catch (Throwable e) {
                                    failure.compareAndSet(null, e);
                                    ready.reset();
                                }
                            },
                            "forward-rate-" + s);
            slot.start();
            running.add(slot);
        }
        try {
            for (Thread slot : running) {
                slot.join();
            }
        } finally {
            running.forEach(Thread::interrupt);
            InferenceThreads.apply(threads);
        }
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "the per-slot forward rate failed: " + failure.get(), failure.get());
        }
        return events.get() / (duration.toNanos() / 1e9);
    }

    /** Forward passes for {@code nanos}; returns their events, also added to {@code counter}. */
    private static long run(OodModel model, float[] inputs, long nanos, AtomicLong counter) {
        long events = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < nanos) {
            model.logits(inputs, BATCH);
            events += BATCH;
            if (counter != null) {
                counter.addAndGet(BATCH);
            }
        }
        return events;
    }

    private static float[] inputs(OodModel model, BenchTraffic traffic) throws Exception {
        int size = model.preprocessor().size();
        float[] inputs = new float[BATCH * size];
        for (int i = 0; i < BATCH; i++) {
            System.arraycopy(traffic.modelInput(model, i), 0, inputs, i * size, size);
        }
        return inputs;
    }
}
