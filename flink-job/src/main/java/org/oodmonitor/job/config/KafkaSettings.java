package org.oodmonitor.job.config;

import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.kafka.clients.CommonClientConfigs;
import org.oodmonitor.schemas.io.BoundedFiles;

/**
 * The Kafka sources' and sinks' part of the job options, read once from the configuration and
 * checked, so that the connectors never look at the raw configuration.
 *
 * @param bootstrapServers the brokers
 * @param clientProperties settings for every Kafka client (security, tuning); a copy is kept
 * @param groupId the consumer group of the sources
 * @param startingOffsets where the sources start: {@code committed}, {@code earliest}, {@code
 *     latest} or {@code timestamp:EPOCH_MS}
 * @param bounded whether the sources stop at the end offsets seen at start
 * @param transactionTimeout the exactly-once sinks' transaction timeout
 * @param transactionalIdPrefix prefix of the exactly-once sinks' transactional ids
 * @param delivery the delivery guarantee of scores, windows and dead letters
 * @param alertsDelivery the delivery guarantee of alerts
 * @param inferenceThreads the scoring's {@code ood.inference.threads}, named in the platform header
 *     of score and alert records
 * @param maxOutputBytes the largest record a sink writes; a larger one becomes a dead letter
 * @param topics the topics read and written
 */
@PublicEvolving
public record KafkaSettings(
        String bootstrapServers,
        Properties clientProperties,
        String groupId,
        String startingOffsets,
        boolean bounded,
        Duration transactionTimeout,
        String transactionalIdPrefix,
        DeliveryGuarantee delivery,
        DeliveryGuarantee alertsDelivery,
        int inferenceThreads,
        int maxOutputBytes,
        Topics topics)
        implements Serializable {

    /** The largest Kafka client properties file read. */
    public static final long MAX_PROPERTIES_BYTES = 64 * 1024;

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
            String shadowScores)
            implements Serializable {

        /** Whether the job reads model commands. */
        public boolean controlled() {
            return !control.isBlank();
        }
    }

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, MonitorOptions.BOOTSTRAP_SERVERS.key());
        clientProperties = copy(clientProperties);
        StartingOffsets.check(startingOffsets);
        if (transactionTimeout.isNegative() || transactionTimeout.isZero()) {
            throw new IllegalArgumentException(
                    MonitorOptions.TRANSACTION_TIMEOUT.key()
                            + " must be positive, was "
                            + transactionTimeout);
        }
        Objects.requireNonNull(topics, "topics");
        for (var topic :
                java.util.Map.of(
                                MonitorOptions.ALERTS_TOPIC, topics.alerts(),
                                MonitorOptions.WINDOWS_TOPIC, topics.windows(),
                                MonitorOptions.DEAD_LETTER_TOPIC, topics.deadLetters())
                        .entrySet()) {
            if (topic.getValue() == null || topic.getValue().isBlank()) {
                throw new IllegalArgumentException(
                        topic.getKey().key() + " must name a topic: the job always writes it");
            }
        }
    }

    /** Without the client properties' values, which may hold credentials. */
    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers="
                + bootstrapServers
                + ", clientProperties="
                + clientProperties.stringPropertyNames().stream().sorted().toList()
                + " (values not shown), groupId="
                + groupId
                + ", startingOffsets="
                + startingOffsets
                + ", bounded="
                + bounded
                + ", delivery="
                + delivery
                + "/"
                + alertsDelivery
                + ", topics="
                + topics
                + "]";
    }

    /**
     * The Kafka part of {@code config}, every default that of its {@link MonitorOptions} option.
     *
     * @throws IllegalArgumentException with a one-line reason for a bad value, an unreadable
     *     properties file, or a trust or key store that its password does not open
     */
    public static KafkaSettings from(ReadableConfig config) {
        return new KafkaSettings(
                config.get(MonitorOptions.BOOTSTRAP_SERVERS),
                clientProperties(config),
                config.get(MonitorOptions.GROUP_ID),
                config.get(MonitorOptions.STARTING_OFFSETS),
                config.get(MonitorOptions.BOUNDED),
                config.get(MonitorOptions.TRANSACTION_TIMEOUT),
                config.get(MonitorOptions.TRANSACTIONAL_ID_PREFIX),
                config.get(MonitorOptions.DELIVERY),
                config.get(MonitorOptions.ALERTS_DELIVERY),
                config.get(MonitorOptions.INFERENCE_THREADS),
                config.get(MonitorOptions.MAX_OUTPUT_BYTES),
                new Topics(
                        config.get(MonitorOptions.IMAGES_TOPIC),
                        config.get(MonitorOptions.FEATURES_TOPIC),
                        config.get(MonitorOptions.SCORES_TOPIC),
                        config.get(MonitorOptions.ALERTS_TOPIC),
                        config.get(MonitorOptions.WINDOWS_TOPIC),
                        config.get(MonitorOptions.DEAD_LETTER_TOPIC),
                        config.get(MonitorOptions.SHIFTS_TOPIC),
                        config.get(MonitorOptions.CONTROL_TOPIC),
                        config.get(MonitorOptions.CONTROL_STATUS_TOPIC),
                        config.get(MonitorOptions.SHADOW_SCORES_TOPIC)));
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
        if (topics.controlled()) {
            for (String optional : new String[] {topics.controlStatus(), topics.shadowScores()}) {
                if (!optional.isBlank()) {
                    out.add(optional);
                }
            }
        }
        return out;
    }

    /** These settings with other transactional ids, for a producer of its own (a replay). */
    public KafkaSettings withTransactionalIdPrefix(String prefix) {
        return new KafkaSettings(
                bootstrapServers,
                clientProperties,
                groupId,
                startingOffsets,
                bounded,
                transactionTimeout,
                prefix,
                delivery,
                alertsDelivery,
                inferenceThreads,
                maxOutputBytes,
                topics);
    }

    /**
     * The settings for every Kafka client: the entries of {@code ood.kafka.properties-file}, then
     * the {@code kafka.*} options without the prefix; the trust and key stores they name are opened
     * with their passwords.
     */
    private static Properties clientProperties(ReadableConfig config) {
        Properties props = new Properties();
        String file = config.get(MonitorOptions.KAFKA_PROPERTIES_FILE);
        if (file != null && !file.isBlank()) {
            try {
                byte[] bytes =
                        BoundedFiles.read(
                                Path.of(file), "Kafka properties file", MAX_PROPERTIES_BYTES);
                props.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        MonitorOptions.KAFKA_PROPERTIES_FILE.key() + ": " + e.getMessage(), e);
            }
        }
        config.toMap()
                .forEach(
                        (key, value) -> {
                            if (key.startsWith(MonitorOptions.KAFKA_CLIENT_PREFIX)) {
                                props.setProperty(
                                        key.substring(MonitorOptions.KAFKA_CLIENT_PREFIX.length()),
                                        value);
                            }
                        });
        ClientStores.check(props);
        return props;
    }
}
