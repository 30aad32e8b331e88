package org.oodmonitor.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

/** The connectors' part of the options: defaults from the options, checks with the key. */
class KafkaSettingsTest {

    @Test
    void everyDefaultIsThatOfItsOption() {
        KafkaSettings kafka = KafkaSettings.from(new Configuration());
        assertThat(kafka.bootstrapServers())
                .isEqualTo(KafkaOptions.BOOTSTRAP_SERVERS.defaultValue());
        assertThat(kafka.reading().groupId()).isEqualTo(KafkaOptions.GROUP_ID.defaultValue());
        assertThat(kafka.reading().startingOffsets())
                .isEqualTo(KafkaOptions.STARTING_OFFSETS.defaultValue());
        assertThat(kafka.reading().bounded()).isEqualTo(KafkaOptions.BOUNDED.defaultValue());
        assertThat(kafka.writing().transactionTimeout())
                .isEqualTo(KafkaOptions.TRANSACTION_TIMEOUT.defaultValue());
        assertThat(kafka.writing().transactionalIdPrefix())
                .isEqualTo(KafkaOptions.TRANSACTIONAL_ID_PREFIX.defaultValue());
        assertThat(kafka.writing().delivery()).isEqualTo(KafkaOptions.DELIVERY.defaultValue());
        assertThat(kafka.writing().alertsDelivery())
                .isEqualTo(KafkaOptions.ALERTS_DELIVERY.defaultValue());
        assertThat(kafka.topics())
                .isEqualTo(
                        new KafkaSettings.Topics(
                                TopicOptions.IMAGES_TOPIC.defaultValue(),
                                TopicOptions.FEATURES_TOPIC.defaultValue(),
                                TopicOptions.SCORES_TOPIC.defaultValue(),
                                TopicOptions.ALERTS_TOPIC.defaultValue(),
                                TopicOptions.WINDOWS_TOPIC.defaultValue(),
                                TopicOptions.DEAD_LETTER_TOPIC.defaultValue(),
                                TopicOptions.SHIFTS_TOPIC.defaultValue(),
                                TopicOptions.CONTROL_TOPIC.defaultValue(),
                                TopicOptions.CONTROL_STATUS_TOPIC.defaultValue(),
                                TopicOptions.SHADOW_SCORES_TOPIC.defaultValue(),
                                TopicOptions.LABELS_TOPIC.defaultValue(),
                                TopicOptions.QUALITY_TOPIC.defaultValue()));
        assertThat(kafka.clientProperties()).isEmpty();
    }

    @Test
    void setOptionsAndKafkaClientSettingsArrive() {
        Configuration config = new Configuration();
        config.set(KafkaOptions.BOOTSTRAP_SERVERS, "b1:9092,b2:9092");
        config.set(KafkaOptions.STARTING_OFFSETS, StartingOffsets.TIMESTAMP);
        config.set(KafkaOptions.STARTING_TIMESTAMP, 1700000000000L);
        config.set(KafkaOptions.ALERTS_DELIVERY, DeliveryGuarantee.EXACTLY_ONCE);
        config.set(TopicOptions.ALERTS_TOPIC, "my.alerts");
        config.setString("kafka.security.protocol", "SSL");
        KafkaSettings kafka = KafkaSettings.from(config);
        assertThat(kafka.bootstrapServers()).isEqualTo("b1:9092,b2:9092");
        assertThat(kafka.writing().alertsDelivery()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(kafka.topics().alerts()).isEqualTo("my.alerts");
        assertThat(kafka.clientProperties()).containsEntry("security.protocol", "SSL");
        assertThat(kafka.reading().startingTimestamp()).isEqualTo(1700000000000L);
        config.setString("kafka.sasl.jaas.config", "login password=\"SECRET\";");
        assertThat(KafkaSettings.from(config).toString())
                .contains("sasl.jaas.config")
                .doesNotContain("SECRET");
    }

    @Test
    void clientPropertiesCannotBeChangedFromOutside() {
        KafkaSettings kafka = KafkaSettings.from(new Configuration());
        Properties copy = kafka.clientProperties();
        copy.setProperty("b", "2");
        assertThat(kafka.clientProperties()).doesNotContainKey("b");
    }

    @Test
    void badValuesAreOneLineErrorsNamingTheKey() {
        Configuration offsets = new Configuration();
        offsets.setString(KafkaOptions.STARTING_OFFSETS.key(), "timestamp:1700000000000");
        assertThatThrownBy(() -> KafkaSettings.from(offsets))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "ood.source.starting-offsets must be committed, earliest, latest or"
                                + " timestamp (with ood.source.starting-timestamp): ");
        Configuration noStamp = new Configuration();
        noStamp.set(KafkaOptions.STARTING_OFFSETS, StartingOffsets.TIMESTAMP);
        assertThatThrownBy(() -> KafkaSettings.from(noStamp))
                .hasMessage(
                        "ood.source.starting-offsets=timestamp needs ood.source.starting-timestamp"
                                + " (epoch milliseconds, >= 0), was null");
        Configuration strayStamp = new Configuration();
        strayStamp.set(KafkaOptions.STARTING_TIMESTAMP, 5L);
        assertThatThrownBy(() -> KafkaSettings.from(strayStamp))
                .hasMessage(
                        "ood.source.starting-timestamp applies only with"
                                + " ood.source.starting-offsets=timestamp, not committed");
        Configuration noAlerts = new Configuration();
        noAlerts.set(TopicOptions.ALERTS_TOPIC, " ");
        assertThatThrownBy(() -> KafkaSettings.from(noAlerts))
                .hasMessage("ood.topics.alerts must name a topic: the job always writes it");
        Configuration timeout = new Configuration();
        timeout.set(KafkaOptions.TRANSACTION_TIMEOUT, Duration.ZERO);
        assertThatThrownBy(() -> KafkaSettings.from(timeout))
                .hasMessageStartingWith("ood.sink.transaction-timeout must be positive");
    }
}
