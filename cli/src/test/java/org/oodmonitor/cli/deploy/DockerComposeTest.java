package org.oodmonitor.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/**
 * docker/docker-compose.yml and docker/Dockerfile against the code (no Docker engine on the build
 * machines, so the files are checked, not run), the input topics' compression among them.
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of("..");

    private static JsonNode compose() throws Exception {
        return new ObjectMapper(new YAMLFactory())
                .readTree(ROOT.resolve("docker/docker-compose.yml").toFile());
    }

    @Test
    void theComposeFileAgreesWithTheCode() throws Exception {
        assertThat(ComposeCheck.problems(compose(), ROOT)).isEmpty();
    }

    @Test
    void aMisspelledOptionAnUnpinnedImageAndAMissingTopicAreCaught() throws Exception {
        JsonNode compose = compose();
        ArrayNode command = (ArrayNode) compose.at("/services/jobmanager/command");
        for (int i = 0; i < command.size(); i++) {
            if (command.get(i).asText().startsWith("ood.kafka.bootstrap-servers=")) {
                command.set(i, "ood.kafka.bootstrap-server=kafka:9092");
            }
        }
        ((ObjectNode) compose.at("/services/kafka")).put("image", "apache/kafka:latest");
        ArrayNode topics = (ArrayNode) compose.at("/services/topics/command");
        topics.set(0, topics.get(0).asText().replace("ood.windows:1", ""));

        assertThat(ComposeCheck.problems(compose, ROOT))
                .anyMatch(p -> p.contains("unknown job option ood.kafka.bootstrap-server"))
                .anyMatch(p -> p.contains("apache/kafka:latest is not pinned"))
                .anyMatch(p -> p.contains("topics created"));
    }

    @Test
    void anInputTopicLeftToTheProducersCompressionIsCaught() throws Exception {
        for (String input : ComposeCheck.inputTopics(new Configuration())) {
            JsonNode compose = compose();
            ArrayNode topics = (ArrayNode) compose.at("/services/topics/command");
            String command = topics.get(0).asText();
            assertThat(command).as(input).contains(input + ":");
            topics.set(
                    0,
                    command.replaceAll(
                            Pattern.quote(input) + ":(\\d+):\\w+", input + ":$1:producer"));

            assertThat(ComposeCheck.problems(compose, ROOT))
                    .as(input)
                    .containsExactly(
                            "input topic "
                                    + input
                                    + " is created with compression.type producer, not"
                                    + " uncompressed: the broker lets a compression bomb through");
        }
    }
}
