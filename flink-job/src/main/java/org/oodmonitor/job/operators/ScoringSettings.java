package org.oodmonitor.job.operators;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ReadableConfig;
import org.oodmonitor.job.config.LimitOptions;
import org.oodmonitor.job.config.ScoringOptions;
import org.oodmonitor.job.config.SettingsProblems;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.source.ProcessingClock;

/**
 * The scoring operator's part of the settings, passed to it whole and checked once, here.
 *
 * @param models the served models
 * @param maxBatchSize events per forward pass, at most
 * @param maxBatchDelay how long an event may wait for its batch
 * @param classDistances whether scores carry the distance to every class
 * @param fixedShapeBatches whether every forward pass is padded to {@code maxBatchSize} rows, which
 *     makes every score independent of its batch companions
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

    /**
     * @throws IllegalArgumentException naming each setting out of range by its option key
     */
    public ScoringSettings {
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(clock, "clock");
        new SettingsProblems()
                .check(maxBatchSize >= 1, ScoringOptions.BATCH_SIZE, "must be >= 1", maxBatchSize)
                .check(
                        maxBatchDelay != null && !maxBatchDelay.isNegative(),
                        ScoringOptions.BATCH_DELAY,
                        "must be >= 0",
                        maxBatchDelay)
                .check(
                        inferenceThreads >= 0,
                        ScoringOptions.INFERENCE_THREADS,
                        "must be >= 0",
                        inferenceThreads)
                .check(
                        maxOutputBytes >= 4096,
                        LimitOptions.MAX_OUTPUT_BYTES,
                        "must be >= 4096",
                        maxOutputBytes)
                .throwIfAny();
    }

    /** The scoring settings of {@code config} for {@code models}, timed by {@code clock}. */
    public static ScoringSettings from(
            ReadableConfig config, ModelSpecs models, ProcessingClock clock) {
        return new ScoringSettings(
                models,
                config.get(ScoringOptions.BATCH_SIZE),
                config.get(ScoringOptions.BATCH_DELAY),
                config.get(ScoringOptions.CLASS_DISTANCES),
                config.get(ScoringOptions.FIXED_SHAPE_BATCHES),
                clock,
                config.get(ScoringOptions.INFERENCE_THREADS),
                config.get(LimitOptions.MAX_OUTPUT_BYTES),
                config.get(ScoringOptions.INFERENCE_OVERLAP));
    }

    /**
     * These settings for a replay: fixed-shape batches and record timestamps as processing times,
     * so that replaying the same records gives the same bytes.
     */
    public ScoringSettings forReplay() {
        return new ScoringSettings(
                models,
                maxBatchSize,
                maxBatchDelay,
                classDistances,
                true,
                ProcessingClock.RECORD_TIMESTAMP,
                inferenceThreads,
                maxOutputBytes,
                overlapInference);
    }

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
