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
                .isEqualTo(MonitorOptions.BOOTSTRAP_SERVERS.defaultValue());
        assertThat(kafka.groupId()).isEqualTo(MonitorOptions.GROUP_ID.defaultValue());
        assertThat(kafka.startingOffsets())
                .isEqualTo(MonitorOptions.STARTING_OFFSETS.defaultValue());
        assertThat(kafka.bounded()).isEqualTo(MonitorOptions.BOUNDED.defaultValue());
        assertThat(kafka.transactionTimeout())
                .isEqualTo(MonitorOptions.TRANSACTION_TIMEOUT.defaultValue());
        assertThat(kafka.transactionalIdPrefix())
                .isEqualTo(MonitorOptions.TRANSACTIONAL_ID_PREFIX.defaultValue());
        assertThat(kafka.delivery()).isEqualTo(MonitorOptions.DELIVERY.defaultValue());
        assertThat(kafka.alertsDelivery()).isEqualTo(MonitorOptions.ALERTS_DELIVERY.defaultValue());
        assertThat(kafka.inferenceThreads())
                .isEqualTo(MonitorOptions.INFERENCE_THREADS.defaultValue());
        assertThat(kafka.topics())
                .isEqualTo(
                        new KafkaSettings.Topics(
                                MonitorOptions.IMAGES_TOPIC.defaultValue(),
                                MonitorOptions.FEATURES_TOPIC.defaultValue(),
                                MonitorOptions.SCORES_TOPIC.defaultValue(),
                                MonitorOptions.ALERTS_TOPIC.defaultValue(),
                                MonitorOptions.WINDOWS_TOPIC.defaultValue(),
                                MonitorOptions.DEAD_LETTER_TOPIC.defaultValue(),
                                MonitorOptions.SHIFTS_TOPIC.defaultValue(),
                                MonitorOptions.CONTROL_TOPIC.defaultValue(),
                                MonitorOptions.CONTROL_STATUS_TOPIC.defaultValue(),
                                MonitorOptions.SHADOW_SCORES_TOPIC.defaultValue()));
        assertThat(kafka.clientProperties()).isEmpty();
    }

    @Test
    void setOptionsAndKafkaClientSettingsArrive() {
        Configuration config = new Configuration();
        config.set(MonitorOptions.BOOTSTRAP_SERVERS, "b1:9092,b2:9092");
        config.set(MonitorOptions.STARTING_OFFSETS, "timestamp:1700000000000");
        config.set(MonitorOptions.ALERTS_DELIVERY, DeliveryGuarantee.EXACTLY_ONCE);
        config.set(MonitorOptions.ALERTS_TOPIC, "my.alerts");
        config.setString("kafka.security.protocol", "SSL");
        KafkaSettings kafka = KafkaSettings.from(config);
        assertThat(kafka.bootstrapServers()).isEqualTo("b1:9092,b2:9092");
        assertThat(kafka.alertsDelivery()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(kafka.topics().alerts()).isEqualTo("my.alerts");
        assertThat(kafka.clientProperties()).containsEntry("security.protocol", "SSL");
        assertThat(kafka.withTransactionalIdPrefix("other").transactionalIdPrefix())
                .isEqualTo("other");
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
        offsets.set(MonitorOptions.STARTING_OFFSETS, "yesterday");
        assertThatThrownBy(() -> KafkaSettings.from(offsets))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "ood.source.starting-offsets must be committed, earliest, latest or"
                                + " timestamp:EPOCH_MS, was 'yesterday'");
        Configuration stamp = new Configuration();
        stamp.set(MonitorOptions.STARTING_OFFSETS, "timestamp:noon");
        assertThatThrownBy(() -> KafkaSettings.from(stamp))
                .hasMessage("ood.source.starting-offsets: bad timestamp in 'timestamp:noon'");
        Configuration noAlerts = new Configuration();
        noAlerts.set(MonitorOptions.ALERTS_TOPIC, " ");
        assertThatThrownBy(() -> KafkaSettings.from(noAlerts))
                .hasMessage("ood.topics.alerts must name a topic: the job always writes it");
        Configuration timeout = new Configuration();
        timeout.set(MonitorOptions.TRANSACTION_TIMEOUT, Duration.ZERO);
        assertThatThrownBy(() -> KafkaSettings.from(timeout))
                .hasMessageStartingWith("ood.sink.transaction-timeout must be positive");
    }
}
