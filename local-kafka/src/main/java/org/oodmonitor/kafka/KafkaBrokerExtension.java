package org.oodmonitor.kafka;

import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that gives a test class a real Kafka broker, started before its first test and
 * stopped, data removed, after its last. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();
 * }</pre>
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {

    private final LocalKafka.Builder builder;
    private KafkaBroker broker;

    private KafkaBrokerExtension(LocalKafka.Builder builder) {
        this.builder = builder;
    }

    /** A broker in the mode that {@link LocalKafka} picks by default. */
    public static KafkaBrokerExtension create() {
        return new KafkaBrokerExtension(LocalKafka.builder());
    }

    /** A broker configured by {@code builder}. */
    public static KafkaBrokerExtension create(LocalKafka.Builder builder) {
        return new KafkaBrokerExtension(builder);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = builder.build().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /**
     * @throws IllegalStateException outside the test class's lifetime
     */
    public KafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException(
                    "No broker: register KafkaBrokerExtension on a static field");
        }
        return broker;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** Creates topics with the given partition counts and waits until they exist. */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        try (TopicAdmin admin = TopicAdmin.of(broker())) {
            admin.createTopics(partitionsByTopic);
        }
    }

    /** A topic name no other test uses. */
    public static String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Byte-array producer settings for this broker. */
    public Properties producerProperties() {
        Properties p = broker().clientProperties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    /** Byte-array consumer settings for this broker, reading from the earliest offset. */
    public Properties consumerProperties(String groupId) {
        Properties p = broker().clientProperties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return p;
    }
}
