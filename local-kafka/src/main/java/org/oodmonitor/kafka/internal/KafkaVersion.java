package org.oodmonitor.kafka.internal;

import org.apache.kafka.common.utils.AppInfoParser;

/** The version of the Kafka clients on the class path. */
final class KafkaVersion {

    private KafkaVersion() {}

    static String current() {
        return AppInfoParser.getVersion();
    }
}
