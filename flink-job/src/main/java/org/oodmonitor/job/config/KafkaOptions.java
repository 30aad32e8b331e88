package org.oodmonitor.job.config;

import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The job's Kafka clients: brokers, consumer group, where reading starts, delivery and
 * transactions.
 */
@PublicEvolving
public final class KafkaOptions {

    /** Keys with this prefix are passed to every Kafka client (for SASL, SSL, ...). */
    public static final String KAFKA_CLIENT_PREFIX = "kafka.";

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("ood.kafka.bootstrap-servers")
                    .stringType()
                    .defaultValue("localhost:9092")
                    .withDescription("Kafka bootstrap servers.");
    public static final ConfigOption<String> KAFKA_PROPERTIES_FILE =
            ConfigOptions.key("ood.kafka.properties-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "A Java properties file of Kafka client settings (security.protocol,"
                                    + " sasl.*, ssl.*) for every Kafka client of the job and its"
                                    + " commands; kafka.* options override its entries. Read"
                                    + " where the job is built, so that only its path is part of"
                                    + " the job's configuration.");
    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("ood.source.group-id")
                    .stringType()
                    .defaultValue("ood-monitor")
                    .withDescription("Consumer group of the sources.");
    public static final ConfigOption<StartingOffsets> STARTING_OFFSETS =
            ConfigOptions.key("ood.source.starting-offsets")
                    .enumType(StartingOffsets.class)
                    .defaultValue(StartingOffsets.COMMITTED)
                    .withDescription(
                            "committed (falling back to earliest), earliest, latest, or timestamp"
                                    + " (with ood.source.starting-timestamp).");
    public static final ConfigOption<Long> STARTING_TIMESTAMP =
            ConfigOptions.key("ood.source.starting-timestamp")
                    .longType()
                    .noDefaultValue()
                    .withDescription(
                            "Epoch milliseconds to start reading at, with"
                                    + " ood.source.starting-offsets=timestamp (and only then).");
    public static final ConfigOption<Boolean> BOUNDED =
            ConfigOptions.key("ood.source.bounded")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Stop at the end offsets seen at start (replays and tests) instead of"
                                    + " running on.");
    public static final ConfigOption<DeliveryGuarantee> DELIVERY =
            ConfigOptions.key("ood.sink.delivery-guarantee")
                    .enumType(DeliveryGuarantee.class)
                    .defaultValue(DeliveryGuarantee.EXACTLY_ONCE)
                    .withDescription(
                            "exactly-once (transactions, committed at checkpoints) or"
                                    + " at-least-once.");
    public static final ConfigOption<DeliveryGuarantee> ALERTS_DELIVERY =
            ConfigOptions.key("ood.sink.alerts-delivery-guarantee")
                    .enumType(DeliveryGuarantee.class)
                    .defaultValue(DeliveryGuarantee.EXACTLY_ONCE)
                    .withFallbackKeys("ood.sink.delivery-guarantee")
                    .withDescription(
                            "Delivery of the alerts topic alone (default: that of"
                                    + " ood.sink.delivery-guarantee). at-least-once makes an"
                                    + " alert visible as soon as it is scored instead of at the"
                                    + " next checkpoint; after a failure an alert may come twice,"
                                    + " with the same event_id as its Kafka key, so consumers"
                                    + " deduplicate on it. Scores and windows stay as they are.");
    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("ood.sink.transactional-id-prefix")
                    .stringType()
                    .defaultValue("ood-monitor")
                    .withDescription("Transactional id prefix; unique per job.");
    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            ConfigOptions.key("ood.sink.transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "Kafka transaction timeout; must not exceed the broker's"
                                    + " transaction.max.timeout.ms (15 min by default).");

    private KafkaOptions() {}
}
