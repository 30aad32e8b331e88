package org.oodmonitor.job.config;

import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The bounds of model-control commands. */
@PublicEvolving
public final class ControlOptions {

    public static final ConfigOption<Duration> CONTROL_MAX_LEAD =
            ConfigOptions.key("ood.control.max-lead")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "A command whose effective_from lies further ahead of its control"
                                + " record's timestamp is rejected: a change far in the future"
                                + " would refuse every earlier change of its model until then.");
    public static final ConfigOption<Duration> CONTROL_MAX_LAG =
            ConfigOptions.key("ood.control.max-lag")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription(
                            "A command whose effective_from lies further behind its control"
                                    + " record's timestamp is rejected.");
    public static final ConfigOption<Long> CONTROL_MAX_MODEL_BYTES =
            ConfigOptions.key("ood.control.max-model-bytes")
                    .longType()
                    .defaultValue(2L << 30)
                    .withDescription(
                            "A deployed model directory whose manifest lists more bytes than this"
                                    + " in all is rejected before a byte of it is read.");
    public static final ConfigOption<Integer> CONTROL_MAX_MODEL_FILES =
            ConfigOptions.key("ood.control.max-model-files")
                    .intType()
                    .defaultValue(64)
                    .withDescription(
                            "A deployed model directory whose manifest lists more files than this"
                                    + " is rejected.");
    public static final ConfigOption<Duration> CONTROL_VERIFY_TIMEOUT =
            ConfigOptions.key("ood.control.verify-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "How long the check of a deployed directory (reading and hashing its"
                                    + " files beside the stream) may take before its command is"
                                    + " rejected.");
    public static final ConfigOption<Integer> CONTROL_MAX_PENDING_CHECKS =
            ConfigOptions.key("ood.control.max-pending-checks")
                    .intType()
                    .defaultValue(16)
                    .withDescription(
                            "Deploys whose directories are being checked at once; a deploy that"
                                    + " arrives while this many are is rejected at once (write it"
                                    + " again later), so that a burst of deploys cannot back up"
                                    + " the control stream.");

    private ControlOptions() {}
}
