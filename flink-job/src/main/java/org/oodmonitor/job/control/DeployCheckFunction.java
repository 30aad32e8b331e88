package org.oodmonitor.job.control;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.util.function.SerializableFunction;
import org.oodmonitor.schemas.ModelCommand;

/**
 * Checks the files of each deploy on a thread of its own, beside the stream: reading and hashing a
 * large model takes seconds, and done on the task thread it held back the control stream's
 * checkpoint barriers, and with them every scoring subtask. Other records pass at once. At most
 * {@link ControlLimits#maxPendingChecks()} deploys are checked at a time; a deploy beyond them, or
 * one whose check outlasts {@link ControlLimits#verifyTimeout()} (which is then interrupted), is
 * refused with the reason, so that no burst of deploys can back the control stream up. Run with
 * {@code AsyncDataStream.orderedWait}, which keeps the records in order and in checkpoints.
 */
@Internal
public final class DeployCheckFunction extends RichAsyncFunction<ControlRecord, ControlRecord> {

    private static final long serialVersionUID = 1L;

    private final ControlLimits limits;
    private final SerializableFunction<ModelCommand, String> files;
    private transient ExecutorService executor;
    private transient AtomicInteger pending;
    private transient java.util.Map<ResultFuture<ControlRecord>, java.util.concurrent.Future<?>>
            running;

    /** Checks deploys with {@link CommandCheck#checkFiles}. */
    public DeployCheckFunction(CommandCheck check) {
        this(check.limits(), check::checkFiles);
    }

    /**
     * @param files the check of a deploy's files, which answers why they are refused or null
     */
    DeployCheckFunction(ControlLimits limits, SerializableFunction<ModelCommand, String> files) {
        this.limits = limits;
        this.files = files;
    }

    @Override
    public void open(OpenContext context) {
        pending = new AtomicInteger();
        running = new java.util.concurrent.ConcurrentHashMap<>();
        executor =
                Executors.newFixedThreadPool(
                        Math.min(2, limits.maxPendingChecks()),
                        r -> {
                            Thread t = new Thread(r, "ood-deploy-check");
                            t.setDaemon(true);
                            return t;
                        });
    }

    @Override
    public void asyncInvoke(ControlRecord record, ResultFuture<ControlRecord> result) {
        if (record.command() == null || !record.command().isDeploy()) {
            result.complete(List.of(record));
            return;
        }
        if (pending.incrementAndGet() > limits.maxPendingChecks()) {
            pending.decrementAndGet();
            complete(
                    result,
                    record,
                    limits.maxPendingChecks()
                            + " deploys are being checked already"
                            + " (ood.control.max-pending-checks); write this one again once"
                            + " they are decided");
            return;
        }
        java.util.concurrent.Future<?> check =
                executor.submit(
                        () -> {
                            try {
                                complete(result, record, files.apply(record.command()));
                            } catch (RuntimeException e) {
                                complete(result, record, record.command().location() + ": " + e);
                            } finally {
                                running.remove(result);
                                pending.decrementAndGet();
                            }
                        });
        running.put(result, check);
        if (check.isDone()) {
            // It finished before it was put: nothing is left to interrupt.
            running.remove(result);
        }
    }

    @Override
    public void timeout(ControlRecord record, ResultFuture<ControlRecord> result) {
        // The refusal first: Flink takes a future's first answer, and an interrupted check could
        // otherwise answer before it that the files passed.
        complete(
                result,
                record,
                record.command().location()
                        + ": its check took longer than ood.control.verify-timeout ("
                        + limits.verifyTimeout()
                        + ")");
        // Interrupted, the check stops at its next read (file channels are interruptible), so a
        // hung check does not hold a checking thread.
        java.util.concurrent.Future<?> check = running.remove(result);
        if (check != null) {
            check.cancel(true);
        }
    }

    private static void complete(
            ResultFuture<ControlRecord> result, ControlRecord record, String filesRefusal) {
        result.complete(List.of(record.withFilesRefusal(filesRefusal)));
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
