package org.oodmonitor.kafka;

import java.util.Locale;

/** How {@link LocalKafka} starts a broker. */
public enum BrokerMode {
    /** A Testcontainers container when a Docker engine answers, else a KRaft process. */
    AUTO,
    /** Always a single-node KRaft broker in a child JVM, from the Kafka jars. */
    PROCESS,
    /** Always a Testcontainers container; fails without a Docker engine. */
    CONTAINER;

    /**
     * Parses a mode name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static BrokerMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Unknown broker mode '" + value + "'; use auto, process or container", e);
        }
    }
}
