package org.oodmonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.job.config.TopicOptions;

/** The job jar's entry point reads the job options as {@code ood-monitor run} does. */
class MonitorJobMainTest {

    @Test
    void readsTheConfigFileThenTheOverridesInOrder(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("job.conf");
        Files.writeString(
                file, "ood.topics.images: from-file\nood.topics.features: features-from-file\n");
        Configuration config =
                MonitorJobMain.configuration(
                        new String[] {
                            "--set", "ood.topics.images=first",
                            "--config", file.toString(),
                            "--set", "ood.topics.images=second"
                        });
        assertThat(config.get(TopicOptions.IMAGES_TOPIC)).isEqualTo("second");
        assertThat(config.get(TopicOptions.FEATURES_TOPIC)).isEqualTo("features-from-file");
        assertThat(MonitorJobMain.configuration(new String[0]).get(TopicOptions.IMAGES_TOPIC))
                .isEqualTo(TopicOptions.IMAGES_TOPIC.defaultValue());
    }

    @Test
    void badArgumentsAreOneLineErrorsWithTheUsage() {
        assertThatThrownBy(() -> MonitorJobMain.configuration(new String[] {"--cluster", "x"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown argument '--cluster'; " + MonitorJobMain.USAGE);
        assertThatThrownBy(() -> MonitorJobMain.configuration(new String[] {"--set"}))
                .hasMessage("--set needs a value; " + MonitorJobMain.USAGE);
        assertThatThrownBy(
                        () ->
                                MonitorJobMain.configuration(
                                        new String[] {"--config", "a", "--config", "b"}))
                .hasMessage("--config given twice; " + MonitorJobMain.USAGE);
        assertThatThrownBy(() -> MonitorJobMain.configuration(new String[] {"--set", "ood.nope=1"}))
                .hasMessageContaining("unknown option ood.nope");
    }
}
