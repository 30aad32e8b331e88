package org.oodmonitor.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.oodmonitor.job.config.MonitorOptions;
import org.oodmonitor.kafka.KafkaBrokerExtension;

/** The job options most integration tests share: topics under one prefix, the default model. */
public final class TestJobConfig {

    private TestJobConfig() {}

    /**
     * Reads {@code PREFIX.images} (no features) from the start; writes {@code PREFIX.scores},
     * {@code .alerts}, {@code .windows} and {@code .dlq} exactly once; serves the committed model
     * as {@code fashion}; accepts the 1970 event times of {@link TestTraffic}.
     */
    public static Configuration of(KafkaBrokerExtension kafka, String prefix) {
        Configuration config = new Configuration();
        config.set(MonitorOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        config.set(MonitorOptions.IMAGES_TOPIC, prefix + ".images");
        config.set(MonitorOptions.FEATURES_TOPIC, "");
        config.set(MonitorOptions.SCORES_TOPIC, prefix + ".scores");
        config.set(MonitorOptions.ALERTS_TOPIC, prefix + ".alerts");
        config.set(MonitorOptions.WINDOWS_TOPIC, prefix + ".windows");
        config.set(MonitorOptions.DEAD_LETTER_TOPIC, prefix + ".dlq");
        config.set(MonitorOptions.CONTROL_TOPIC, "");
        config.set(
                MonitorOptions.MODELS,
                Map.of("fashion", Path.of("../models/fashion-mnist-isomax").toString()));
        config.set(MonitorOptions.DEFAULT_MODEL, "fashion");
        config.set(MonitorOptions.STARTING_OFFSETS, "earliest");
        config.set(MonitorOptions.EVENT_TIME_MAX_AGE, Duration.ZERO);
        // Test commands are dated like test events, in 1970, far behind their Kafka timestamps.
        config.set(MonitorOptions.CONTROL_MAX_LAG, Duration.ofDays(100_000));
        config.set(MonitorOptions.TRANSACTIONAL_ID_PREFIX, prefix);
        config.set(MonitorOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(1));
        return config;
    }
}
