package org.oodmonitor.kafka;

import java.util.Properties;

/** A running Kafka broker that this process started and will stop on {@link #close()}. */
public interface KafkaBroker extends AutoCloseable {

    /** The {@code bootstrap.servers} value that reaches the broker. */
    String bootstrapServers();

    /**
     * What a client needs besides {@link #bootstrapServers()}: security protocol, login and trust
     * store for a secured broker, nothing for a plain one. A new copy each call.
     */
    default Properties clientProperties() {
        return new Properties();
    }

    /** Which kind of broker this is, for logs: a KRaft process or a container. */
    String description();

    /** Stops the broker and removes its data; idempotent. */
    @Override
    void close();
}
