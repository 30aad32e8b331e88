package org.oodmonitor.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

/**
 * The shipped log configurations drop Flink 2.2's per-checkpoint 'pendingCommittables' warning
 * (FLINK-35321) and nothing else: parsed by log4j itself, the filter denies exactly that message,
 * and the local cluster's and the job image's configurations carry the same lines.
 */
class LogConfigurationTest {

    private static final String METRIC_GROUP = "org.apache.flink.metrics.MetricGroup";

    @Test
    void onlyThePendingCommittablesCollisionIsDropped() throws IOException {
        Filter filter = metricGroupFilter(shipped());
        assertThat(filter.filter(warning("pendingCommittables"))).isEqualTo(Filter.Result.DENY);
        assertThat(filter.filter(warning("currentSendTime"))).isEqualTo(Filter.Result.NEUTRAL);
        assertThat(filter.filter(warning("numRecordsOut"))).isEqualTo(Filter.Result.NEUTRAL);
    }

    @Test
    void theClusterAndTheImageCarryTheSameFilter() throws IOException {
        List<String> lines = filterLines(shipped());
        assertThat(lines).hasSize(5);
        assertThat(filterLines(LocalCluster.LOG_CONFIG)).isEqualTo(lines);
        String dockerfile = Files.readString(Path.of("../docker/Dockerfile"));
        for (String line : lines) {
            assertThat(dockerfile).contains(line);
        }
    }

    private static String shipped() throws IOException {
        try (InputStream in =
                LogConfigurationTest.class.getResourceAsStream("/log4j2.properties")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> filterLines(String config) {
        return config.lines().filter(l -> l.startsWith("logger.metricgroup.")).toList();
    }

    private static Filter metricGroupFilter(String properties) throws IOException {
        ConfigurationSource source =
                new ConfigurationSource(
                        new java.io.ByteArrayInputStream(
                                properties.getBytes(StandardCharsets.UTF_8)));
        LoggerContext context = new LoggerContext("log-configuration-test");
        try {
            Configuration config =
                    new PropertiesConfigurationFactory().getConfiguration(context, source);
            config.initialize();
            Filter filter = config.getLoggerConfig(METRIC_GROUP).getFilter();
            assertThat(config.getLoggerConfig(METRIC_GROUP).getName()).isEqualTo(METRIC_GROUP);
            assertThat(filter).isNotNull();
            filter.start();
            return filter;
        } finally {
            context.stop();
        }
    }

    private static Log4jLogEvent warning(String metric) {
        return Log4jLogEvent.newBuilder()
                .setLoggerName(METRIC_GROUP)
                .setLevel(Level.WARN)
                .setMessage(
                        new SimpleMessage(
                                "Name collision: Group already contains a Metric with the name '"
                                        + metric
                                        + "'. Metric will not be reported.[, taskmanager, tm-1,"
                                        + " ood-monitor, alerts-sink: Committer, 0]"))
                .build();
    }
}
