package org.oodmonitor.kafka;

/** A running Kafka broker that this process started and will stop on {@link #close()}. */
public interface KafkaBroker extends AutoCloseable {

    /** The {@code bootstrap.servers} value that reaches the broker. */
    String bootstrapServers();

    /** Which kind of broker this is, for logs: a KRaft process or a container. */
    String description();

    /** Stops the broker and removes its data; idempotent. */
    @Override
    void close();
}
