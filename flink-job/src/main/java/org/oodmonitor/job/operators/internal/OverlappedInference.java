package org.oodmonitor.job.operators.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.oodmonitor.inference.scoring.BatchScorer;

/**
 * Runs the forward passes of flushed buffers, on the task thread or, overlapped, on an inference
 * thread of its own while the task thread parses and buffers the next batch (double buffering: at
 * most one batch in flight). Results are always handed over on the task thread, through its
 * mailbox, in the order the batches were submitted, each followed by the watermark held behind it.
 */
@Internal
public final class OverlappedInference {

    /** What the task thread does with a scored batch. */
    @FunctionalInterface
    public interface Completion {
        /** Emits the {@code results} of {@code batches}, then {@code watermark} unless null. */
        void complete(
                List<VersionBatch> batches, List<BatchScorer.Result> results, Watermark watermark)
                throws Exception;
    }

    private final MailboxExecutor mailbox;
    private final ExecutorService thread;
    private final Completion completion;
    private InFlight inFlight;

    private OverlappedInference(MailboxExecutor mailbox, Completion completion) {
        this.mailbox = mailbox;
        this.completion = completion;
        this.thread =
                mailbox == null
                        ? null
                        : Executors.newSingleThreadExecutor(
                                r -> {
                                    Thread t = new Thread(r, "ood-inference");
                                    t.setDaemon(true);
                                    return t;
                                });
    }

    /** Forward passes on the task thread, each completed before {@code submit} returns. */
    public static OverlappedInference onTaskThread(Completion completion) {
        return new OverlappedInference(null, completion);
    }

    /** Forward passes on an inference thread, completed through the task's {@code mailbox}. */
    public static OverlappedInference onOwnThread(MailboxExecutor mailbox, Completion completion) {
        return new OverlappedInference(mailbox, completion);
    }

    /**
     * Scores {@code batches} once the batch in flight, if any, is done; {@code watermark}, if not
     * null, follows their scores.
     */
    public void submit(List<VersionBatch> batches, Watermark watermark) throws Exception {
        if (thread == null) {
            completion.complete(batches, VersionBatch.scoreAll(batches), watermark);
            return;
        }
        awaitIdle();
        InFlight batch = new InFlight(batches, watermark);
        inFlight = batch;
        thread.execute(
                () -> {
                    List<BatchScorer.Result> results = null;
                    Throwable failure = null;
                    try {
                        results = VersionBatch.scoreAll(batches);
                    } catch (Throwable t) {
                        failure = t;
                    }
                    List<BatchScorer.Result> done = results;
                    Throwable failed = failure;
                    try {
                        mailbox.execute(() -> complete(batch, done, failed), "emit scored batch");
                    } catch (RejectedExecutionException e) {
                        // The task is closing; its batch is replayed from the last checkpoint.
                    }
                });
    }

    /**
     * Holds {@code mark} behind the batch in flight; false, holding nothing, when none is. The
     * latest watermark stands for every one held before it.
     */
    public boolean hold(Watermark mark) {
        if (inFlight == null) {
            return false;
        }
        inFlight.watermark = mark;
        return true;
    }

    /** Runs the task's mailbox until no batch is in flight. */
    public void awaitIdle() throws InterruptedException {
        while (inFlight != null) {
            mailbox.yield();
        }
    }

    /**
     * Stops the inference thread, waiting up to {@code wait} for a forward pass under way, which
     * cannot be interrupted.
     *
     * @return whether no forward pass is still running, so that its models may be closed
     */
    public boolean shutdown(Duration wait) throws InterruptedException {
        if (thread == null) {
            return true;
        }
        thread.shutdownNow();
        return thread.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void complete(InFlight batch, List<BatchScorer.Result> results, Throwable failure)
            throws Exception {
        inFlight = null;
        if (failure != null) {
            throw new IllegalStateException("scoring failed: " + failure, failure);
        }
        completion.complete(batch.batches, results, batch.watermark);
    }

    /** A flushed buffer on the inference thread, and the watermark to emit after its scores. */
    private static final class InFlight {
        final List<VersionBatch> batches;
        Watermark watermark;

        InFlight(List<VersionBatch> batches, Watermark watermark) {
            this.batches = batches;
            this.watermark = watermark;
        }
    }
}
