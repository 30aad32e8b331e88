package org.oodmonitor.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/** The list of every option is gathered from the option classes, whole and without clashes. */
class MonitorOptionsTest {

    @Test
    void everyOptionClassOfThePackageIsAGroup() throws IOException {
        Path classes = Path.of("target/classes/org/oodmonitor/job/config");
        Set<String> optionClasses = new HashSet<>();
        try (Stream<Path> files = Files.list(classes)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith("Options.class") && !n.equals("MonitorOptions.class"))
                    .forEach(n -> optionClasses.add(n.replace(".class", "")));
        }
        assertThat(MonitorOptions.GROUPS)
                .extracting(Class::getSimpleName)
                .containsExactlyInAnyOrderElementsOf(optionClasses);
    }

    @Test
    void allHoldsEveryOptionOnceWithAUniqueOodKeyAndADescription() {
        List<ConfigOption<?>> all = MonitorOptions.ALL;
        assertThat(all).contains(KafkaOptions.STARTING_TIMESTAMP, ShiftOptions.SHIFT_RATE_RATIO);
        assertThat(all).extracting(ConfigOption::key).doesNotHaveDuplicates();
        assertThat(all).allSatisfy(o -> assertThat(o.key()).startsWith("ood."));
        assertThat(all)
                .allSatisfy(o -> assertThat(o.description().getBlocks()).as(o.key()).isNotEmpty());
        int constants = 0;
        for (Class<?> group : MonitorOptions.GROUPS) {
            for (var field : group.getDeclaredFields()) {
                if (ConfigOption.class.isAssignableFrom(field.getType())) {
                    constants++;
                }
            }
        }
        assertThat(all).hasSize(constants);
    }

    @Test
    void checkpointsFollowFlinksOwnOptionElseTheJobsDefault() {
        var config = new org.apache.flink.configuration.Configuration();
        assertThat(MonitorOptions.checkpointInterval(config))
                .isEqualTo(MonitorOptions.DEFAULT_CHECKPOINT_INTERVAL);
        config.setString("execution.checkpointing.interval", "3s");
        assertThat(MonitorOptions.checkpointInterval(config)).hasSeconds(3);
    }
}
