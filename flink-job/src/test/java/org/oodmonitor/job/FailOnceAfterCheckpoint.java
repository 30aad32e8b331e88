package org.oodmonitor.job;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Passes records through slowly and throws once, after a checkpoint has completed and a few more
 * records have passed, so that the job restarts from that checkpoint mid-stream.
 */
final class FailOnceAfterCheckpoint<T> implements MapFunction<T, T>, CheckpointListener {

    private static final long serialVersionUID = 1L;

    /** Static: survives the restart, which creates new instances in the same JVM. */
    static final AtomicBoolean FAILED = new AtomicBoolean();

    private transient boolean checkpointed;
    private transient int sinceCheckpoint;

    @Override
    public T map(T record) throws Exception {
        // Pacing, not waiting: slow enough that checkpoints complete while records still flow,
        // so the failure lands mid-stream rather than after the input is drained.
        Thread.sleep(40);
        if (checkpointed && ++sinceCheckpoint >= 5 && FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure at " + record);
        }
        return record;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointed = true;
    }
}
