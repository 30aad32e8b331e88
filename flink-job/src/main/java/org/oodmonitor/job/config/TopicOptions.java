package org.oodmonitor.job.config;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The topics the job reads and writes. */
@PublicEvolving
public final class TopicOptions {

    public static final ConfigOption<String> IMAGES_TOPIC =
            ConfigOptions.key("ood.topics.images")
                    .stringType()
                    .defaultValue("ood.events.images")
                    .withDescription(
                            "Topic(s) of ImageEvents: a name, names separated by commas, or"
                                    + " pattern:REGEX; empty to read none.");
    public static final ConfigOption<String> FEATURES_TOPIC =
            ConfigOptions.key("ood.topics.features")
                    .stringType()
                    .defaultValue("ood.events.features")
                    .withDescription(
                            "Topic(s) of FeatureEvents: a name, names separated by commas, or"
                                    + " pattern:REGEX; empty to read none.");
    public static final ConfigOption<String> SCORES_TOPIC =
            ConfigOptions.key("ood.topics.scores")
                    .stringType()
                    .defaultValue("")
                    .withDescription("Topic for every OodScore; empty (the default) writes none.");
    public static final ConfigOption<String> ALERTS_TOPIC =
            ConfigOptions.key("ood.topics.alerts")
                    .stringType()
                    .defaultValue("ood.alerts")
                    .withDescription("Topic for OodAlerts (scores of OOD events).");
    public static final ConfigOption<String> WINDOWS_TOPIC =
            ConfigOptions.key("ood.topics.windows")
                    .stringType()
                    .defaultValue("ood.windows")
                    .withDescription("Topic for OodRateWindows.");
    public static final ConfigOption<String> DEAD_LETTER_TOPIC =
            ConfigOptions.key("ood.topics.dead-letter")
                    .stringType()
                    .defaultValue("ood.dead-letter")
                    .withDescription("Topic for DeadLetters.");
    public static final ConfigOption<String> SHIFTS_TOPIC =
            ConfigOptions.key("ood.topics.shifts")
                    .stringType()
                    .defaultValue("ood.shifts")
                    .withDescription(
                            "Topic for ShiftAlerts of the sequential shift detector; empty writes"
                                    + " none.");
    public static final ConfigOption<String> LABELS_TOPIC =
            ConfigOptions.key("ood.topics.labels")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Topic of LabelEvents, the true classes of events known later; empty"
                                    + " (the default) reads none and writes no quality windows.");
    public static final ConfigOption<String> QUALITY_TOPIC =
            ConfigOptions.key("ood.topics.quality")
                    .stringType()
                    .defaultValue("ood.quality")
                    .withDescription(
                            "Topic for QualityWindows: the realized accuracy of each window once"
                                    + " its labels are in; written when ood.topics.labels is set.");
    public static final ConfigOption<String> CONTROL_TOPIC =
            ConfigOptions.key("ood.topics.control")
                    .stringType()
                    .defaultValue("ood.control")
                    .withDescription(
                            "Topic of ModelCommands (one partition) that deploy, shadow, promote"
                                    + " and retire model versions while the job runs; empty turns"
                                    + " model control off.");
    public static final ConfigOption<String> CONTROL_STATUS_TOPIC =
            ConfigOptions.key("ood.topics.control-status")
                    .stringType()
                    .defaultValue("ood.control-status")
                    .withDescription(
                            "Topic for ControlStatus records: each command accepted or rejected,"
                                    + " then applied or failed per scoring subtask; empty writes"
                                    + " none.");
    public static final ConfigOption<String> SHADOW_SCORES_TOPIC =
            ConfigOptions.key("ood.topics.shadow-scores")
                    .stringType()
                    .defaultValue("ood.shadow-scores")
                    .withDescription(
                            "Topic for the scores of shadow model versions (never alerts or"
                                    + " windows); empty writes none.");
    public static final ConfigOption<String> AUDIT_LIVE_SCORES_TOPIC =
            ConfigOptions.key("ood.audit.live-scores-topic")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "For replay: the live job's scores topic. The audit report then"
                                    + " compares the replay's verdicts with the live ones, event"
                                    + " by event, and names the platforms the live job scored"
                                    + " on.");

    private TopicOptions() {}
}
