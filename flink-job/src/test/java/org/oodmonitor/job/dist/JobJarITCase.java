package org.oodmonitor.job.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged job jar (built in the package phase, before this runs): the job and what it needs,
 * none of Flink itself, the test broker, test libraries or the training code, and Jackson and the
 * JSON Schema validator relocated.
 */
class JobJarITCase {

    @Test
    void jobJarHoldsTheJobAndNothingThatBelongsToTheClusterOrTheTests() throws IOException {
        Set<String> entries = entries(jobJar());

        assertThat(entries)
                .contains(
                        "org/oodmonitor/job/KafkaMonitorJob.class",
                        "org/oodmonitor/job/MonitorJobMain.class",
                        "org/oodmonitor/inference/model/OodModel.class",
                        "org/oodmonitor/schemas/OodScore.class",
                        "org/apache/flink/connector/kafka/source/KafkaSource.class",
                        "org/apache/kafka/clients/consumer/KafkaConsumer.class",
                        "ai/djl/engine/Engine.class",
                        "org/oodmonitor/shaded/jackson/databind/ObjectMapper.class",
                        "org/oodmonitor/shaded/networknt/schema/JsonSchema.class");
        assertThat(entries)
                .as(
                        "Flink itself, the test broker, tests, training, the audit tools and the"
                                + " command line stay out")
                .noneMatch(
                        e ->
                                e.startsWith("org/apache/flink/streaming/api/")
                                        || e.startsWith("org/apache/flink/runtime/")
                                        || e.startsWith("org/apache/flink/client/")
                                        || e.startsWith("org/oodmonitor/kafka/")
                                        || e.startsWith("org/oodmonitor/training/")
                                        || e.startsWith("org/oodmonitor/cli/")
                                        || e.startsWith("picocli/")
                                        || e.startsWith("org/oodmonitor/audit/")
                                        || e.startsWith("org/oodmonitor/report/")
                                        || e.startsWith("kafka/server/")
                                        || e.startsWith("org/testcontainers/")
                                        || e.startsWith("org/junit/")
                                        || e.startsWith("org/apache/logging/log4j/")
                                        || e.startsWith("com/fasterxml/jackson/")
                                        || e.startsWith("com/networknt/"));
    }

    @Test
    void theJobJarsMainIsTheSmallEntryPointNotACommand() throws IOException {
        try (JarFile file = new JarFile(jobJar().toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(org.oodmonitor.job.MonitorJobMain.class.getName());
        }
    }

    private static Path jobJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars =
                    files.filter(
                                    p ->
                                            p.getFileName()
                                                    .toString()
                                                    .matches("ood-flink-job-.*-job\\.jar"))
                            .toList();
            assertThat(jars).as("the job jar in target/").hasSize(1);
            return jars.get(0);
        }
    }

    private static Set<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(e -> e.getName()).collect(Collectors.toSet());
        }
    }
}
