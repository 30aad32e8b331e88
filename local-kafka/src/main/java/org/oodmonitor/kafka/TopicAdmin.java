package org.oodmonitor.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates and lists topics on a broker; one admin client, closed with this object. */
public final class TopicAdmin implements AutoCloseable {

    /**
     * Settings for topics that a monitor reads: the broker recompresses every batch, so its size
     * limit ({@code max.message.bytes}) holds for the decompressed records and a small compressed
     * bomb cannot reach a consumer, which would inflate it whole before any check of its own.
     */
    public static final Map<String, String> INPUT_TOPIC_CONFIGS =
            Map.of("compression.type", "uncompressed");

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;

    public TopicAdmin(String bootstrapServers) {
        this(bootstrapServers, new Properties());
    }

    /**
     * An admin client for {@code bootstrapServers} with further client settings, for example a
     * secured broker's {@link KafkaBroker#clientProperties()}.
     */
    public TopicAdmin(String bootstrapServers, Properties clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.admin = Admin.create(props);
    }

    /** A client for {@code broker}, secured or not. */
    public static TopicAdmin of(KafkaBroker broker) {
        return new TopicAdmin(broker.bootstrapServers(), broker.clientProperties());
    }

    /**
     * Creates every topic with its partition count and replication factor 1, and waits until they
     * exist. A topic that already exists is left as it is.
     */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        createTopics(partitionsByTopic, Map.of());
    }

    /**
     * Like {@link #createTopics(Map)}, each topic with the settings {@code topicConfigs}, for
     * example {@code compression.type}.
     */
    public void createTopics(
            Map<String, Integer> partitionsByTopic, Map<String, String> topicConfigs) {
        List<NewTopic> topics = new ArrayList<>();
        partitionsByTopic.forEach(
                (name, partitions) ->
                        topics.add(
                                new NewTopic(name, partitions, (short) 1).configs(topicConfigs)));
        try {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "Cannot create topic " + entry.getKey() + ": " + e.getCause(), e);
                    }
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Timed out creating topics " + partitionsByTopic.keySet(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    /** Creates one topic; see {@link #createTopics(Map)}. */
    public void createTopic(String name, int partitions) {
        createTopics(Map.of(name, partitions));
    }

    /** Names of the topics, internal ones excluded. */
    public Set<String> listTopics() {
        try {
            return admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot list topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while listing topics", e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
