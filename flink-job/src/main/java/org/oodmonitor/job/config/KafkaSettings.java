package org.oodmonitor.job.config;

import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.oodmonitor.schemas.io.BoundedFiles;

/**
 * The Kafka sources' and sinks' part of the job options, read once from the configuration and
 * checked, so that the connectors never look at the raw configuration.
 *
 * @param bootstrapServers the brokers
 * @param clientProperties settings for every Kafka client (security, tuning); a copy is kept
 * @param reading how the sources read
 * @param writing how the sinks write
 * @param topics the topics read and written
 */
@PublicEvolving
public record KafkaSettings(
        String bootstrapServers,
        Properties clientProperties,
        Reading reading,
        Writing writing,
        Topics topics)
        implements Serializable {

    /** The largest Kafka client properties file read. */
    public static final long MAX_PROPERTIES_BYTES = 64 * 1024;

    /**
     * How the sources read.
     *
     * @param groupId the consumer group of the sources
     * @param startingOffsets where the sources start
     * @param startingTimestamp epoch milliseconds, with {@link StartingOffsets#TIMESTAMP} only
     * @param bounded whether the sources stop at the end offsets seen at start
     */
    public record Reading(
            String groupId,
            StartingOffsets startingOffsets,
            Long startingTimestamp,
            boolean bounded)
            implements Serializable {

        /**
         * @throws IllegalArgumentException for a timestamp missing, negative or given without
         *     {@code timestamp}
         */
        public Reading {
            Objects.requireNonNull(groupId, KafkaOptions.GROUP_ID.key());
            Objects.requireNonNull(startingOffsets, KafkaOptions.STARTING_OFFSETS.key());
            String stamp = KafkaOptions.STARTING_TIMESTAMP.key();
            if (startingOffsets == StartingOffsets.TIMESTAMP
                    && (startingTimestamp == null || startingTimestamp < 0)) {
                throw new IllegalArgumentException(
                        KafkaOptions.STARTING_OFFSETS.key()
                                + "=timestamp needs "
                                + stamp
                                + " (epoch milliseconds, >= 0), was "
                                + startingTimestamp);
            }
            if (startingOffsets != StartingOffsets.TIMESTAMP && startingTimestamp != null) {
                throw new IllegalArgumentException(
                        stamp
                                + " applies only with "
                                + KafkaOptions.STARTING_OFFSETS.key()
                                + "=timestamp, not "
                                + startingOffsets);
            }
        }

        static Reading from(ReadableConfig config) {
            StartingOffsets start;
            try {
                start = config.get(KafkaOptions.STARTING_OFFSETS);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        KafkaOptions.STARTING_OFFSETS.key()
                                + " must be committed, earliest, latest or timestamp (with "
                                + KafkaOptions.STARTING_TIMESTAMP.key()
                                + "): "
                                + e.getMessage(),
                        e);
            }
            return new Reading(
                    config.get(KafkaOptions.GROUP_ID),
                    start,
                    config.getOptional(KafkaOptions.STARTING_TIMESTAMP).orElse(null),
                    config.get(KafkaOptions.BOUNDED));
        }

        /** The sources' offsets initializer. */
        public OffsetsInitializer startingOffsetsInitializer() {
            return startingOffsets.initializer(startingTimestamp);
        }
    }

    /**
     * How the sinks write.
     *
     * @param transactionTimeout the exactly-once sinks' transaction timeout
     * @param transactionalIdPrefix prefix of the exactly-once sinks' transactional ids
     * @param delivery the delivery guarantee of scores, windows and dead letters
     * @param alertsDelivery the delivery guarantee of alerts
     * @param maxOutputBytes the largest record a sink writes; a larger one becomes a dead letter
     */
    public record Writing(
            Duration transactionTimeout,
            String transactionalIdPrefix,
            DeliveryGuarantee delivery,
            DeliveryGuarantee alertsDelivery,
            int maxOutputBytes)
            implements Serializable {

        /**
         * @throws IllegalArgumentException for a transaction timeout that is not positive
         */
        public Writing {
            if (transactionTimeout.isNegative() || transactionTimeout.isZero()) {
                throw new IllegalArgumentException(
                        KafkaOptions.TRANSACTION_TIMEOUT.key()
                                + " must be positive, was "
                                + transactionTimeout);
            }
        }

        static Writing from(ReadableConfig config) {
            return new Writing(
                    config.get(KafkaOptions.TRANSACTION_TIMEOUT),
                    config.get(KafkaOptions.TRANSACTIONAL_ID_PREFIX),
                    config.get(KafkaOptions.DELIVERY),
                    config.get(KafkaOptions.ALERTS_DELIVERY),
                    config.get(LimitOptions.MAX_OUTPUT_BYTES));
        }
    }

    /**
     * The topics of the job; a blank input topic is not read, a blank scores topic not written.
     *
     * @param images image events
     * @param features feature-vector events
     * @param scores every score
     * @param alerts scores below the threshold
     * @param windows windowed OOD rates
     * @param deadLetters records that could not be scored, with the reason
     * @param shifts shift alerts of the sequential detector; blank for none
     * @param control model commands; blank turns model control off
     * @param controlStatus what became of each command; blank for none
     * @param shadowScores scores of shadow versions; blank for none
     * @param labels delayed labels; blank for none
     * @param quality quality windows, written when labels are read; blank for none
     */
    public record Topics(
            String images,
            String features,
            String scores,
            String alerts,
            String windows,
            String deadLetters,
            String shifts,
            String control,
            String controlStatus,
            String shadowScores,
            String labels,
            String quality)
            implements Serializable {

        /**
         * @throws IllegalArgumentException for a blank alerts, windows or dead-letter topic
         */
        public Topics {
            for (var topic :
                    Map.of(
                                    TopicOptions.ALERTS_TOPIC, Objects.toString(alerts, ""),
                                    TopicOptions.WINDOWS_TOPIC, Objects.toString(windows, ""),
                                    TopicOptions.DEAD_LETTER_TOPIC,
                                            Objects.toString(deadLetters, ""))
                            .entrySet()) {
                if (topic.getValue().isBlank()) {
                    throw new IllegalArgumentException(
                            topic.getKey().key() + " must name a topic: the job always writes it");
                }
            }
        }

        static Topics from(ReadableConfig config) {
            return new Topics(
                    config.get(TopicOptions.IMAGES_TOPIC),
                    config.get(TopicOptions.FEATURES_TOPIC),
                    config.get(TopicOptions.SCORES_TOPIC),
                    config.get(TopicOptions.ALERTS_TOPIC),
                    config.get(TopicOptions.WINDOWS_TOPIC),
                    config.get(TopicOptions.DEAD_LETTER_TOPIC),
                    config.get(TopicOptions.SHIFTS_TOPIC),
                    config.get(TopicOptions.CONTROL_TOPIC),
                    config.get(TopicOptions.CONTROL_STATUS_TOPIC),
                    config.get(TopicOptions.SHADOW_SCORES_TOPIC),
                    config.get(TopicOptions.LABELS_TOPIC),
                    config.get(TopicOptions.QUALITY_TOPIC));
        }

        /** Whether the job reads delayed labels and writes quality windows. */
        public boolean labelled() {
            return !labels.isBlank();
        }

        /** Whether the job reads model commands. */
        public boolean controlled() {
            return !control.isBlank();
        }
    }

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, KafkaOptions.BOOTSTRAP_SERVERS.key());
        clientProperties = copy(clientProperties);
        Objects.requireNonNull(reading, "reading");
        Objects.requireNonNull(writing, "writing");
        Objects.requireNonNull(topics, "topics");
    }

    /** Without the client properties' values, which may hold credentials. */
    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers="
                + bootstrapServers
                + ", clientProperties="
                + clientProperties.stringPropertyNames().stream().sorted().toList()
                + " (values not shown), "
                + reading
                + ", delivery="
                + writing.delivery()
                + "/"
                + writing.alertsDelivery()
                + ", topics="
                + topics
                + "]";
    }

    /**
     * The Kafka part of {@code config}, every default that of its option.
     *
     * @throws IllegalArgumentException with a one-line reason for a bad value, an unreadable
     *     properties file, or a trust or key store that its password does not open
     */
    public static KafkaSettings from(ReadableConfig config) {
        return new KafkaSettings(
                config.get(KafkaOptions.BOOTSTRAP_SERVERS),
                clientProperties(config),
                Reading.from(config),
                Writing.from(config),
                Topics.from(config));
    }

    /** A copy of the client properties, for the caller to add to. */
    @Override
    public Properties clientProperties() {
        return copy(clientProperties);
    }

    /**
     * The client properties with {@code bootstrap.servers}: what an admin client or a consumer of
     * our own (not the connectors', which take the servers apart) needs to connect.
     */
    public Properties connectionProperties() {
        Properties props = copy(clientProperties);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    private static Properties copy(Properties properties) {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }

    /**
     * The topics the job writes to: alerts, windows, dead letters, scores and shifts if set, and
     * the control status and shadow scores if set while model control is on.
     */
    public java.util.List<String> outputTopics() {
        // Alerts, windows and dead letters always have a topic: the constructor checks it.
        java.util.List<String> out =
                new java.util.ArrayList<>(
                        java.util.List.of(topics.alerts(), topics.windows(), topics.deadLetters()));
        for (String optional : new String[] {topics.scores(), topics.shifts()}) {
            if (!optional.isBlank()) {
                out.add(optional);
            }
        }
        if (topics.labelled() && !topics.quality().isBlank()) {
            out.add(topics.quality());
        }
        if (topics.controlled()) {
            for (String optional : new String[] {topics.controlStatus(), topics.shadowScores()}) {
                if (!optional.isBlank()) {
                    out.add(optional);
                }
            }
        }
        return out;
    }

    /**
     * The settings for every Kafka client: the entries of {@code ood.kafka.properties-file}, then
     * the {@code kafka.*} options without the prefix; the trust and key stores they name are opened
     * with their passwords.
     */
    private static Properties clientProperties(ReadableConfig config) {
        Properties props = new Properties();
        String file = config.get(KafkaOptions.KAFKA_PROPERTIES_FILE);
        if (file != null && !file.isBlank()) {
            try {
                byte[] bytes =
                        BoundedFiles.read(
                                Path.of(file), "Kafka properties file", MAX_PROPERTIES_BYTES);
                props.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        KafkaOptions.KAFKA_PROPERTIES_FILE.key() + ": " + e.getMessage(), e);
            }
        }
        config.toMap()
                .forEach(
                        (key, value) -> {
                            if (key.startsWith(KafkaOptions.KAFKA_CLIENT_PREFIX)) {
                                props.setProperty(
                                        key.substring(KafkaOptions.KAFKA_CLIENT_PREFIX.length()),
                                        value);
                            }
                        });
        ClientStores.check(props);
        return props;
    }
}
