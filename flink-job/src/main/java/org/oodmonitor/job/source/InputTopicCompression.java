package org.oodmonitor.job.source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.annotation.Internal;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds input topics that keep their producers' compression: there a small compressed batch can
 * hold a record of any size, which Kafka's consumer inflates whole, before the job's own size
 * checks, while the broker's {@code max.message.bytes} only saw the compressed bytes.
 */
@Internal
public final class InputTopicCompression {

    private static final Logger LOG = LoggerFactory.getLogger(InputTopicCompression.class);
    private static final long TIMEOUT_SECONDS = 15;

    private InputTopicCompression() {}

    /**
     * The topics among {@code topics} whose {@code compression.type} is {@code producer}; empty
     * when the broker cannot be asked (no access, no topic yet): the job's own checks then say
     * more.
     */
    public static List<String> unguarded(
            String bootstrapServers, Properties clients, Collection<String> topics) {
        if (topics.isEmpty()) {
            return List.of();
        }
        Properties props = new Properties();
        props.putAll(clients);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        List<ConfigResource> resources =
                topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        try (Admin admin = Admin.create(props)) {
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<String> unguarded = new ArrayList<>();
            configs.forEach(
                    (resource, config) -> {
                        ConfigEntry entry = config.get(TopicConfig.COMPRESSION_TYPE_CONFIG);
                        if (entry == null || "producer".equals(entry.value())) {
                            unguarded.add(resource.name());
                        }
                    });
            unguarded.sort(null);
            return unguarded;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.info("Could not read the compression.type of topics {}: {}", topics, e.toString());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** The topic names a topic setting lists; none for a pattern or an empty setting. */
    public static List<String> named(String setting) {
        if (setting == null
                || setting.isBlank()
                || setting.startsWith(KafkaSources.PATTERN_PREFIX)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String name : setting.split(",")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        return names;
    }
}
