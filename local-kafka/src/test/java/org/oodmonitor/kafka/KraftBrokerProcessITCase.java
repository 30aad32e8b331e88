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
import org.junit.jupiter.api.io.TempDir;
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
    void restartsOnItsOwnDataDirectoryWithItsTopicsAndRecords(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("kafka");
        try (KafkaBroker first =
                LocalKafka.builder().mode(BrokerMode.PROCESS).dataDir(dataDir).build().start()) {
            try (TopicAdmin admin = new TopicAdmin(first.bootstrapServers())) {
                admin.createTopics(Map.of("kept", 1));
            }
            assertThat(roundTrip(first.bootstrapServers(), "kept"))
                    .containsExactlyInAnyOrder("a", "b", "c");
        }
        String clusterId = Files.readString(dataDir.resolve("data/meta.properties"));

        try (KafkaBroker second =
                LocalKafka.builder().mode(BrokerMode.PROCESS).dataDir(dataDir).build().start()) {
            try (TopicAdmin admin = new TopicAdmin(second.bootstrapServers())) {
                assertThat(admin.listTopics()).contains("kept");
            }
            assertThat(read(second.bootstrapServers(), "kept", "after-restart", 3))
                    .containsExactlyInAnyOrder("a", "b", "c");
        }
        assertThat(Files.readString(dataDir.resolve("data/meta.properties")))
                .as("the storage was not formatted again")
                .isEqualTo(clusterId);
        assertThat(dataDir).as("a given data directory is kept").isDirectory();
    }

    @Test
    void theBrokerExitsWhenItsParentJvmIsKilled() throws Exception {
        Process owner =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                BrokerOwnerMain.class.getName())
                        .redirectErrorStream(true)
                        .start();
        long brokerPid = -1;
        Path brokerDir = null;
        try (var lines =
                new java.io.BufferedReader(
                        new java.io.InputStreamReader(
                                owner.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            long deadline = System.currentTimeMillis() + 120_000;
            String line;
            while (brokerPid < 0
                    && System.currentTimeMillis() < deadline
                    && (line = lines.readLine()) != null) {
                if (line.startsWith("broker-dir ")) {
                    brokerDir = Path.of(line.substring("broker-dir ".length()).strip());
                }
                if (line.startsWith("broker-pid ")) {
                    brokerPid = Long.parseLong(line.substring("broker-pid ".length()).strip());
                }
            }
            assertThat(brokerPid).as("the owner JVM started a broker").isPositive();
            ProcessHandle broker = ProcessHandle.of(brokerPid).orElseThrow();
            assertThat(broker.isAlive()).isTrue();

            owner.destroyForcibly(); // SIGKILL: no shutdown hook runs
            owner.waitFor();

            assertThat(broker.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS).isAlive())
                    .as("the broker stopped by itself once its parent was gone")
                    .isFalse();
        } finally {
            owner.destroyForcibly();
            if (brokerPid > 0) {
                ProcessHandle.of(brokerPid).ifPresent(ProcessHandle::destroyForcibly);
            }
            if (brokerDir != null) {
                org.oodmonitor.kafka.internal.Directories.deleteQuietly(brokerDir);
            }
        }
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
        return read(bootstrap, topic, "lifecycle-test", 3);
    }

    private static List<String> read(String bootstrap, String topic, String group, int expected) {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
