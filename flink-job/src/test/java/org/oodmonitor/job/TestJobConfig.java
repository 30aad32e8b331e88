package org.oodmonitor.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.oodmonitor.job.config.ControlOptions;
import org.oodmonitor.job.config.KafkaOptions;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.job.config.StartingOffsets;
import org.oodmonitor.job.config.TopicOptions;
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
        config.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        config.set(TopicOptions.IMAGES_TOPIC, prefix + ".images");
        config.set(TopicOptions.FEATURES_TOPIC, "");
        config.set(TopicOptions.SCORES_TOPIC, prefix + ".scores");
        config.set(TopicOptions.ALERTS_TOPIC, prefix + ".alerts");
        config.set(TopicOptions.WINDOWS_TOPIC, prefix + ".windows");
        config.set(TopicOptions.DEAD_LETTER_TOPIC, prefix + ".dlq");
        config.set(TopicOptions.CONTROL_TOPIC, "");
        config.set(
                ModelOptions.MODELS,
                Map.of("fashion", Path.of("../models/fashion-mnist-isomax").toString()));
        config.set(ModelOptions.DEFAULT_MODEL, "fashion");
        config.set(KafkaOptions.STARTING_OFFSETS, StartingOffsets.EARLIEST);
        config.set(SourceOptions.EVENT_TIME_MAX_AGE, Duration.ZERO);
        // Test commands are dated like test events, in 1970, far behind their Kafka timestamps.
        config.set(ControlOptions.CONTROL_MAX_LAG, Duration.ofDays(100_000));
        config.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, prefix);
        config.set(KafkaOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(1));
        return config;
    }
}
