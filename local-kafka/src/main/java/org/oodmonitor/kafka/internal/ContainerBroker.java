package org.oodmonitor.kafka.internal;

import java.time.Duration;
import java.util.Map;
import org.oodmonitor.kafka.KafkaBroker;
import org.testcontainers.kafka.KafkaContainer;

/** A broker in a Testcontainers container of the official Apache Kafka image. */
public final class ContainerBroker implements KafkaBroker {

    /** The image matches the Kafka version of the clients on the class path. */
    static final String IMAGE = "apache/kafka:" + KafkaVersion.current();

    private final KafkaContainer container;

    private ContainerBroker(KafkaContainer container) {
        this.container = container;
    }

    public static ContainerBroker start(Map<String, String> properties, Duration timeout) {
        KafkaContainer container = new KafkaContainer(IMAGE).withStartupTimeout(timeout);
        properties.forEach(
                (key, value) ->
                        container.withEnv("KAFKA_" + key.toUpperCase().replace('.', '_'), value));
        container.start();
        return new ContainerBroker(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public String description() {
        return "container " + IMAGE;
    }

    @Override
    public void close() {
        container.stop();
    }
}
