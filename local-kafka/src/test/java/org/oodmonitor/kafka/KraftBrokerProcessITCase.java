package org.oodmonitor.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.oodmonitor.kafka.internal.KraftBrokerProcess;

/** The KRaft process starts, serves, and leaves no process or file behind. */
class KraftBrokerProcessITCase {

    @Test
    void brokerServesRecordsAndCleansUpOnClose() throws Exception {
        KafkaBroker broker = LocalKafka.builder().mode(BrokerMode.PROCESS).build().start();
        KraftBrokerProcess process = (KraftBrokerProcess) broker;
        long pid = process.pid();
        Path dataDir = process.dataDir();
        try {
            assertThat(ProcessHandle.of(pid)).isPresent();
            assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
            try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
                admin.createTopics(Map.of("lifecycle", 2));
                assertThat(admin.listTopics()).contains("lifecycle");
            }
            List<String> values = roundTrip(broker.bootstrapServers(), "lifecycle");
            assertThat(values).containsExactlyInAnyOrder("a", "b", "c");
            assertThat(dataDir.resolve("data")).isDirectory();
        } finally {
            broker.close();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                .isNotEqualTo(Optional.of(true));
        assertThat(Files.exists(dataDir)).as("data directory removed").isFalse();
        broker.close(); // idempotent
    }

    @Test
    void portInUseFailsWithTheBrokerLogInTheMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            LocalKafka kafka =
                    LocalKafka.builder()
                            .mode(BrokerMode.PROCESS)
                            .port(taken.getLocalPort())
                            .startupTimeout(Duration.ofSeconds(60))
                            .build();

            assertThatThrownBy(kafka::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Kafka broker exited with code")
                    .hasMessageContaining("broker log (last lines)")
                    .hasMessageContaining("Address already in use");
        }
    }

    @Test
    void builderRejectsBadSettingsWithEveryReason() {
        assertThatThrownBy(() -> LocalKafka.builder().port(70000).heap("lots").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Invalid local Kafka settings: port must be 0 (any free port) or 1-65535,"
                                + " was 70000; heap must look like 512m or 2g, was lots");
    }

    private static List<String> roundTrip(String bootstrap, String topic) {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(
                        producerProps, new StringSerializer(), new StringSerializer())) {
            for (String v : List.of("a", "b", "c")) {
                producer.send(new ProducerRecord<>(topic, v, v));
            }
            producer.flush();
        }
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "lifecycle-test");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < 3 && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
