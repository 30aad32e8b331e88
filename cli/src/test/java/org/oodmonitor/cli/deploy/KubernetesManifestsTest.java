package org.oodmonitor.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.JobSpec;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.oodmonitor.job.MonitorJobMain;

/**
 * deploy/kubernetes against the operator's own model and the code: the FlinkDeployments parse into
 * {@code flink-kubernetes-operator-api}'s classes (unknown fields fail), run the job jar the image
 * holds in application mode with savepoint upgrades, checkpoint and HA storage and the Prometheus
 * reporter, with valid {@code ood.*} options; the Strimzi topics are the job's, the inputs
 * uncompressed.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Path.of("..");
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory())
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private static FlinkDeployment deployment(String file) throws Exception {
        return YAML.readValue(
                ROOT.resolve("deploy/kubernetes").resolve(file).toFile(), FlinkDeployment.class);
    }

    private static Configuration jobConfig(JobSpec job) {
        List<String> problems = new ArrayList<>();
        Configuration config =
                ComposeCheck.jobOptions(ComposeCheck.setPairs(List.of(job.getArgs())), problems);
        assertThat(problems).as("ood.* options of the job").isEmpty();
        return config;
    }

    @ParameterizedTest
    @ValueSource(strings = {"flinkdeployment.yaml", "flinkdeployment-gpu.yaml"})
    void theDeploymentRunsTheJobJarInApplicationModeWithSavepointUpgrades(String file)
            throws Exception {
        FlinkDeployment d = deployment(file);
        JobSpec job = d.getSpec().getJob();
        assertThat(job).as("a job spec: application mode").isNotNull();
        assertThat(job.getUpgradeMode()).isEqualTo(UpgradeMode.SAVEPOINT);
        assertThat(job.getEntryClass()).isEqualTo(MonitorJobMain.class.getName());
        Matcher usrlib =
                Pattern.compile("COPY --from=build \\S+ (/opt/flink/usrlib/\\S+\\.jar)")
                        .matcher(Files.readString(ROOT.resolve("docker/Dockerfile")));
        assertThat(usrlib.find()).as("the Dockerfile puts the job jar in usrlib").isTrue();
        assertThat(job.getJarURI()).isEqualTo("local://" + usrlib.group(1));
        jobConfig(job);

        Map<String, String> flink = d.getSpec().getFlinkConfiguration();
        assertThat(flink.get("execution.checkpointing.dir")).startsWith("s3://");
        assertThat(flink.get("high-availability.type")).isEqualTo("kubernetes");
        assertThat(flink.get("high-availability.storageDir")).startsWith("s3://");
        assertThat(flink.get("metrics.reporter.prom.factory.class"))
                .isEqualTo(PrometheusReporterFactory.class.getName());
        assertThat(flink.get("classloader.parent-first-patterns.additional")).contains("ai.djl.");
    }

    @Test
    void theGpuVariantAsksEachTaskManagerForAGpu() throws Exception {
        var container =
                deployment("flinkdeployment-gpu.yaml")
                        .getSpec()
                        .getTaskManager()
                        .getPodTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0);
        assertThat(container.getName()).isEqualTo("flink-main-container");
        assertThat(container.getResources().getLimits()).containsKey("nvidia.com/gpu");
        assertThat(deployment("flinkdeployment.yaml").getSpec().getTaskManager().getPodTemplate())
                .isNull();
    }

    @Test
    void theStrimziTopicsAreTheJobsTopicsWithEnoughPartitionsAndUncompressedInputs()
            throws Exception {
        JobSpec job = deployment("flinkdeployment.yaml").getSpec().getJob();
        Configuration config = jobConfig(job);
        Set<String> topics = new LinkedHashSet<>();
        var docs =
                YAML.readerFor(JsonNode.class)
                        .<JsonNode>readValues(
                                ROOT.resolve("deploy/kubernetes/kafka-topics.yaml").toFile());
        while (docs.hasNext()) {
            JsonNode topic = docs.next();
            if (topic == null || topic.isMissingNode() || topic.isEmpty()) {
                continue;
            }
            assertThat(topic.path("kind").asText()).isEqualTo("KafkaTopic");
            String name = topic.at("/spec/topicName").asText();
            topics.add(name);
            if (name.startsWith("ood.events.")) {
                assertThat(topic.at("/spec/partitions").asInt())
                        .as("partitions of %s, read by %d subtasks", name, job.getParallelism())
                        .isGreaterThanOrEqualTo(job.getParallelism());
            }
            if (ComposeCheck.inputTopics(config).contains(name)) {
                assertThat(topic.at("/spec/config/compression.type").asText("producer"))
                        .as(
                                "compression.type of input %s: uncompressed, or the broker lets a"
                                        + " compression bomb through",
                                name)
                        .isEqualTo("uncompressed");
            }
        }
        assertThat(topics).containsExactlyInAnyOrderElementsOf(ComposeCheck.jobTopics(config));
        assertThat(topics).containsAll(ComposeCheck.inputTopics(config));
    }
}
