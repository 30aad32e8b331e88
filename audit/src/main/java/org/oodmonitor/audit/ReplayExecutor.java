package org.oodmonitor.audit;

import java.io.PrintStream;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.oodmonitor.job.replay.ReplayInput;
import org.oodmonitor.job.replay.ReplayResult;
import org.oodmonitor.job.replay.ReplayTarget;

/**
 * Where a replay job runs when not in this JVM: the command line plugs in a Flink cluster (its
 * {@code ClusterReplay}); a {@link ReplayRequest} without one runs the job in a local environment.
 */
@PublicEvolving
public interface ReplayExecutor {

    /**
     * Runs the replay job of {@code input} to {@code target} and returns every output it wrote.
     *
     * @param log progress lines, or null
     */
    ReplayResult run(
            Configuration config,
            ReplayInput input,
            ReplayTarget target,
            RuntimeExecutionMode mode,
            PrintStream log)
            throws Exception;

    /** The replay job's parallelism there, on which an automatic thread count depends. */
    int parallelism();
}
