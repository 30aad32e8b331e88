package org.oodmonitor.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oodmonitor.job.KafkaMonitorJob;
import org.oodmonitor.job.TestTraffic;
import org.oodmonitor.job.config.KafkaOptions;
import org.oodmonitor.job.config.LabelOptions;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.job.config.StartingOffsets;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.LabelEvent;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/**
 * The Grafana dashboard against what the job really exports: the job runs in a MiniCluster with
 * Flink's Prometheus reporter on real traffic (in- and out-of-distribution images and a broken
 * record), and every metric a dashboard panel queries appears in the scrape, for job ood-monitor.
 */
class PrometheusMetricsITCase {

    private static final int PORT = freePort();

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(reporter())
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static Configuration reporter() {
        Configuration c = new Configuration();
        c.setString(
                "metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        c.setString("metrics.reporter.prom.port", String.valueOf(PORT));
        return c;
    }

    @Test
    void everyMetricTheDashboardQueriesIsExported() throws Exception {
        Set<String> queried = dashboardMetrics();
        assertThat(queried).hasSizeGreaterThanOrEqualTo(8);

        String prefix = KafkaBrokerExtension.uniqueTopic("prom");
        Configuration config = new Configuration();
        config.set(KafkaOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        // TestTraffic's events are dated 1970, far behind their Kafka timestamps.
        config.set(SourceOptions.EVENT_TIME_MAX_AGE, java.time.Duration.ZERO);
        config.set(TopicOptions.IMAGES_TOPIC, prefix + ".images");
        config.set(TopicOptions.FEATURES_TOPIC, "");
        config.set(TopicOptions.ALERTS_TOPIC, prefix + ".alerts");
        config.set(TopicOptions.WINDOWS_TOPIC, prefix + ".windows");
        config.set(TopicOptions.DEAD_LETTER_TOPIC, prefix + ".dlq");
        config.set(TopicOptions.CONTROL_TOPIC, "");
        config.set(KafkaOptions.STARTING_OFFSETS, StartingOffsets.EARLIEST);
        config.set(ModelOptions.MODELS, Map.of("fashion", TestTraffic.MODEL.toString()));
        config.set(ModelOptions.DEFAULT_MODEL, "fashion");
        config.set(WindowOptions.WINDOW_SIZE, Duration.ofSeconds(1));
        config.set(SourceOptions.OUT_OF_ORDERNESS, Duration.ZERO);
        config.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, prefix);
        // Delayed labels, for the label metrics and the realized accuracy per source.
        config.set(TopicOptions.LABELS_TOPIC, prefix + ".labels");
        config.set(TopicOptions.QUALITY_TOPIC, prefix + ".quality");
        config.set(LabelOptions.MAX_DELAY, Duration.ofMillis(100));
        KAFKA.createTopics(
                Map.of(
                        prefix + ".images",
                        1,
                        prefix + ".alerts",
                        1,
                        prefix + ".windows",
                        1,
                        prefix + ".dlq",
                        1,
                        prefix + ".labels",
                        1,
                        prefix + ".quality",
                        1));
        TestTraffic traffic = TestTraffic.of(40, 100, 20);
        traffic.produce(KAFKA, prefix + ".images");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(KAFKA.producerProperties())) {
            producer.send(
                    new ProducerRecord<>(
                            prefix + ".images", "{not json".getBytes(StandardCharsets.UTF_8)));
            RecordWriter<LabelEvent> labels = new RecordWriter<>(RecordType.LABEL_EVENT);
            for (int i = 0; i < 10; i++) {
                producer.send(
                        new ProducerRecord<>(
                                prefix + ".labels",
                                labels.write(
                                        LabelEvent.ofClass(
                                                traffic.ids().get(i), "camera-1", 0, 50L * i))));
            }
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        KafkaMonitorJob.wire(env, config);
        JobClient job = env.executeAsync("ood-monitor");
        Set<String> missing = new TreeSet<>(queried);
        String scrape = "";
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        try {
            while ((!missing.isEmpty() || sum(scrape, SCORED, "") < traffic.ids().size())
                    && System.nanoTime() < deadline) {
                scrape = scrape();
                for (String metric : Set.copyOf(missing)) {
                    // The reporter writes label values with '_' for '-': job ood-monitor is
                    // job_name="ood_monitor", as the dashboard's queries say.
                    if (Pattern.compile("(?m)^" + metric + "\\{[^}]*job_name=\"ood_monitor\"")
                            .matcher(scrape)
                            .find()) {
                        missing.remove(metric);
                    }
                }
                Thread.sleep(500); // the scrape interval of this test, not a wait for a result
            }
        } finally {
            job.cancel().get();
        }
        // Kept for whoever reads a failure: what the reporter exported last.
        Files.writeString(Path.of("target/prometheus-scrape.txt"), scrape);
        assertThat(missing).as("dashboard metrics missing from the scrape").isEmpty();
        assertThat(scrape).contains("source=\"camera_1\"").contains("code=\"MALFORMED_JSON\"");
        // The values, not only the names: what the traffic and the reference network say.
        assertThat(sum(scrape, SCORED, "")).isEqualTo(traffic.ids().size());
        assertThat(sum(scrape, "flink_taskmanager_job_task_operator_eventsOod", ""))
                .isEqualTo(traffic.expectedAlerts().size());
        assertThat(
                        sum(
                                scrape,
                                "flink_taskmanager_job_task_operator_code_deadLetters",
                                "code=\"MALFORMED_JSON\""))
                .isEqualTo(1.0);
    }

    private static final String SCORED = "flink_taskmanager_job_task_operator_eventsScored";

    /** The sum of a metric's samples of job ood-monitor whose labels contain {@code label}. */
    private static double sum(String scrape, String metric, String label) {
        double total = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(metric + "{")
                    && line.contains("job_name=\"ood_monitor\"")
                    && line.contains(label)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /** Every metric name the dashboard's PromQL expressions use. */
    private static Set<String> dashboardMetrics() throws IOException {
        JsonNode dashboard =
                new ObjectMapper()
                        .readTree(Path.of("../deploy/grafana/ood-monitor-dashboard.json").toFile());
        Set<String> names = new TreeSet<>();
        Pattern metric = Pattern.compile("\\bflink_[A-Za-z0-9_]+");
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = metric.matcher(target.path("expr").asText());
                while (m.find()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }

    private static String scrape() {
        try (InputStream in =
                URI.create("http://localhost:" + PORT + "/metrics").toURL().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
