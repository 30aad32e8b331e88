package org.oodmonitor.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.job.KafkaMonitorJob;
import org.oodmonitor.job.PipelineSettings;

/** The run command's configuration: file, overrides, typed values, pass-through, errors. */
class JobConfigTest {

    @TempDir Path tmp;

    @Test
    void fileAndOverridesBecomeTypedOptions() throws IOException {
        Path file = tmp.resolve("monitor.properties");
        Files.writeString(
                file,
                """
                # a comment
                ood.kafka.bootstrap-servers: broker:9092
                ood.window.size=30 s
                ood.model.dirs: fashion:models/a,vec:models/b
                ood.model.default: fashion
                ood.model.thresholds: vec:-1.5
                kafka.security.protocol=SASL_SSL
                """);

        Configuration config =
                JobConfig.load(
                        file,
                        List.of(
                                "ood.sink.delivery-guarantee=at-least-once",
                                "ood.window.size=1 min"));

        assertThat(config.get(KafkaOptions.BOOTSTRAP_SERVERS)).isEqualTo("broker:9092");
        assertThat(config.get(WindowOptions.WINDOW_SIZE)).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.get(KafkaOptions.DELIVERY)).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(config.get(ScoringOptions.BATCH_SIZE)).isEqualTo(64);
        assertThat(KafkaSettings.from(config).clientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .hasSize(1);
        PipelineSettings settings = PipelineSettings.from(config);
        assertThat(settings.models().modelDirs())
                .isEqualTo(Map.of("fashion", "models/a", "vec", "models/b"));
        assertThat(settings.models().thresholdOverrides()).isEqualTo(Map.of("vec", -1.5));
    }

    @Test
    void kafkaPropertiesFileGivesClientSettingsThatKafkaOptionsOverride() throws IOException {
        Path secrets = tmp.resolve("kafka-client.properties");
        Files.writeString(
                secrets,
                """
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-256
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule \\
                  required username="u" password="p1";
                """);
        Configuration config =
                JobConfig.load(
                        null,
                        List.of(
                                "ood.kafka.properties-file=" + secrets,
                                "kafka.sasl.mechanism=SCRAM-SHA-512",
                                "kafka.ssl.keystore.key=PRIVATE"));

        assertThat(KafkaSettings.from(config).clientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\"u\" password=\"p1\";")
                .containsEntry("ssl.keystore.key", "PRIVATE")
                .hasSize(4);
        Configuration flink = KafkaMonitorJob.flinkConfiguration(config);
        assertThat(flink.toMap())
                .as("no kafka.* option reaches Flink's configuration, whatever its key")
                .containsEntry(KafkaOptions.KAFKA_PROPERTIES_FILE.key(), secrets.toString())
                .doesNotContainKeys("kafka.sasl.mechanism", "kafka.ssl.keystore.key");
        assertThat(flink.toMap().toString()).doesNotContain("PRIVATE").doesNotContain("p1");
    }

    @Test
    void anUnreadableKafkaPropertiesFileIsAOneLineError() throws IOException {
        Configuration missing =
                JobConfig.load(
                        null, List.of("ood.kafka.properties-file=" + tmp.resolve("missing")));
        assertThatThrownBy(() -> KafkaSettings.from(missing).clientProperties())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ood.kafka.properties-file: ")
                .hasMessageContaining("missing")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        Configuration device = JobConfig.load(null, List.of("ood.kafka.properties-file=/dev/zero"));
        assertThatThrownBy(() -> KafkaSettings.from(device).clientProperties())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ood.kafka.properties-file: ");
    }

    @Test
    void defaultModelsAreLookedForUnderTheInstallationDirectory() throws IOException {
        Path home = tmp.resolve("ood home");
        Configuration installed = JobConfig.load(null, Map.of(), home.toString());
        assertThat(installed.get(ModelOptions.MODELS))
                .isEqualTo(
                        Map.of(
                                "fashion-mnist-isomax",
                                home.resolve("models/fashion-mnist-isomax").toString()));

        Configuration given =
                JobConfig.load(null, Map.of("ood.model.dirs", "m:relative/m"), home.toString());
        assertThat(given.get(ModelOptions.MODELS))
                .as("a user's own paths stay relative to the working directory")
                .isEqualTo(Map.of("m", "relative/m"));
        assertThat(JobConfig.load(null, Map.of(), null).get(ModelOptions.MODELS))
                .isEqualTo(ModelOptions.MODELS.defaultValue());
    }

    @Test
    void badConfigurationsAreRefusedWithTheReason() throws IOException {
        assertThatThrownBy(() -> JobConfig.load(null, List.of("ood.window.sise=1 s")))
                .hasMessage("unknown option ood.window.sise (see --help for the list)");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("ood.checkpoint.interval=5 s")))
                .hasMessage(
                        "ood.checkpoint.interval was replaced by Flink's own"
                                + " execution.checkpointing.interval");
        assertThatThrownBy(() -> JobConfig.load(null, List.of("no-separator")))
                .hasMessage("--set no-separator: expected key=value or key: value");
        // The model keys do not collide: a default alone leaves the served models as they are.
        Configuration config = JobConfig.load(null, List.of("ood.model.default=other"));
        assertThat(config.get(ModelOptions.MODELS)).containsOnlyKeys("fashion-mnist-isomax");
        assertThatThrownBy(() -> PipelineSettings.from(config))
                .hasMessageStartingWith("default model 'other' is not among the served models");
        assertThat(JobConfig.describe())
                .contains("ood.batch.max-size", "default: 64", "kafka.*")
                .contains("Events whose event_time is further ahead of processing time")
                .doesNotContain("Description@");
    }
}
