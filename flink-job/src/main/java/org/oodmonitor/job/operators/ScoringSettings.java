package org.oodmonitor.job.operators;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.source.ProcessingClock;

/**
 * The scoring operator's part of the pipeline settings, passed to it whole; made and checked by
 * {@code PipelineSettings} (its {@code scoring()}), so the operator does not check it again.
 *
 * @param models the served models
 * @param maxBatchSize events per forward pass, at most
 * @param maxBatchDelay how long an event may wait for its batch
 * @param classDistances whether scores carry the distance to every class
 * @param fixedShapeBatches whether every forward pass is padded to {@code maxBatchSize} rows
 * @param clock times the scores and dead letters
 * @param inferenceThreads PyTorch intra-op threads of each forward pass, or 0 for the machine's
 *     cores divided by the operator's parallelism
 * @param maxOutputBytes the largest score record written; a larger one becomes a dead letter
 * @param overlapInference whether forward passes run on an inference thread while the task thread
 *     parses and buffers the next batch
 */
@Internal
public record ScoringSettings(
        ModelSpecs models,
        int maxBatchSize,
        Duration maxBatchDelay,
        boolean classDistances,
        boolean fixedShapeBatches,
        ProcessingClock clock,
        int inferenceThreads,
        int maxOutputBytes,
        boolean overlapInference)
        implements Serializable {

    /** Rows of every forward pass: {@code maxBatchSize} with fixed-shape batches, else 0. */
    public int fixedRows() {
        return fixedShapeBatches ? maxBatchSize : 0;
    }

    /** One line for the log: the batch bounds, padding, overlap and {@code threads}. */
    public String describe(int threads) {
        return "up to "
                + maxBatchSize
                + " events or "
                + maxBatchDelay.toMillis()
                + " ms per batch"
                + (fixedShapeBatches ? " (padded to fixed shape)" : "")
                + (overlapInference ? ", forward passes on an inference thread" : "")
                + ", "
                + threads
                + " PyTorch threads";
    }
}
