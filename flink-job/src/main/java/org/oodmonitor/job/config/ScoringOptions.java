package org.oodmonitor.job.config;

import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** How the scoring operator batches events and runs its forward passes. */
@PublicEvolving
public final class ScoringOptions {

    public static final ConfigOption<Integer> BATCH_SIZE =
            ConfigOptions.key("ood.batch.max-size")
                    .intType()
                    .defaultValue(64)
                    .withDescription("Events per forward pass, at most.");
    public static final ConfigOption<Duration> BATCH_DELAY =
            ConfigOptions.key("ood.batch.max-delay")
                    .durationType()
                    .defaultValue(Duration.ofMillis(100))
                    .withDescription("Longest wait of an event for its batch.");
    public static final ConfigOption<Boolean> FIXED_SHAPE_BATCHES =
            ConfigOptions.key("ood.batch.fixed-shape")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Pad every forward pass to ood.batch.max-size rows, so that an event's"
                                    + " score is bit for bit the same whatever other events share"
                                    + " its batch, and a replay reproduces the live job's scores"
                                    + " exactly (replays always pad). Turning it off saves compute"
                                    + " when batches are small; live scores then differ from"
                                    + " replayed ones by float rounding.");
    public static final ConfigOption<Integer> INFERENCE_THREADS =
            ConfigOptions.key("ood.inference.threads")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "PyTorch intra-op threads of each scoring subtask, applied before"
                                    + " every forward pass. The default, 1, keeps scores bit for"
                                    + " bit the same whatever the machine's core count and the"
                                    + " job's parallelism (on Intel CPUs with AVX-512, oneDNN"
                                    + " reduces in another order per thread count), so a replay"
                                    + " reproduces the live job; every replay records it in its"
                                    + " audit report. 0: the machine's cores divided by the"
                                    + " parallelism, at least 1 (scores may then differ in the"
                                    + " last bits between machines and parallelisms).");
    public static final ConfigOption<Boolean> INFERENCE_OVERLAP =
            ConfigOptions.key("ood.inference.overlap")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Run each scoring subtask's forward passes on an inference thread of"
                                    + " its own, one batch at a time, while the task thread"
                                    + " parses and buffers the next; scores, checkpoints and"
                                    + " watermarks are exactly as without it.");
    public static final ConfigOption<Boolean> CLASS_DISTANCES =
            ConfigOptions.key("ood.scores.class-distances")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Whether scores and alerts carry every class distance.");

    private ScoringOptions() {}
}
