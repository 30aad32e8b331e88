package org.oodmonitor.sql.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;

/**
 * Gathers the rows a subtask has in flight into forward passes on one inference thread: a pass
 * starts when the batch is full or when the first row of it has waited the batch timeout, so that
 * the rows {@code AsyncWaitOperator} keeps in flight share one forward pass instead of one each.
 */
@Internal
public final class RowBatcher implements AutoCloseable {

    private record Pending(RowScorer.RowInput input, CompletableFuture<Collection<RowData>> out) {}

    private final RowScorer scorer;
    private final long timeoutNanos;
    private final int full;
    private final IntConsumer onBatch;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param timeout how long the first row of a batch waits for companions
     * @param full rows that make a batch full: no more than the planner keeps in flight
     * @param onBatch told the size of each batch before it is scored, for metrics
     * @param name the inference thread's name
     */
    public RowBatcher(
            RowScorer scorer, Duration timeout, int full, IntConsumer onBatch, String name) {
        this.scorer = scorer;
        this.timeoutNanos = timeout.toNanos();
        this.full = full;
        this.onBatch = onBatch;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The output of {@code input}, once its batch is scored. */
    public CompletableFuture<Collection<RowData>> submit(RowScorer.RowInput input) {
        CompletableFuture<Collection<RowData>> out = new CompletableFuture<>();
        if (!running) {
            out.completeExceptionally(new IllegalStateException("the model function is closed"));
            return out;
        }
        queue.add(new Pending(input, out));
        return out;
    }

    private void run() {
        try {
            while (running) {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    score(batchFrom(first));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Pending> batchFrom(Pending first) throws InterruptedException {
        List<Pending> batch = new ArrayList<>(full);
        batch.add(first);
        long deadline = System.nanoTime() + timeoutNanos;
        while (batch.size() < full) {
            long left = deadline - System.nanoTime();
            Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private void score(List<Pending> batch) {
        List<RowScorer.RowInput> inputs = new ArrayList<>(batch.size());
        batch.forEach(p -> inputs.add(p.input()));
        try {
            onBatch.accept(batch.size());
            List<RowScorer.RowResult> results = scorer.score(inputs);
            for (int i = 0; i < batch.size(); i++) {
                RowScorer.RowResult result = results.get(i);
                if (result.failure() != null) {
                    batch.get(i)
                            .out()
                            .completeExceptionally(new IllegalArgumentException(result.failure()));
                } else {
                    batch.get(i).out().complete(result.rows());
                }
            }
        } catch (Throwable e) {
            // An Error (memory, say) ends the thread: nothing queued may wait for it in vain.
            batch.forEach(p -> p.out().completeExceptionally(e));
            if (!(e instanceof RuntimeException)) {
                running = false;
                failQueued();
                throw e;
            }
        }
    }

    private void failQueued() {
        for (Pending p; (p = queue.poll()) != null; ) {
            p.out().completeExceptionally(new IllegalStateException("the model function closed"));
        }
    }

    /** Whether the inference thread has ended, so that the model may be freed. */
    public boolean stopped() {
        return !thread.isAlive();
    }

    /** Stops the inference thread; rows still waiting fail. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
        failQueued();
    }
}
