package org.oodmonitor.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.oodmonitor.schemas.serialization.ReadResult;
import org.oodmonitor.schemas.serialization.RecordMapper;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.serialization.RecordWriter;
import org.oodmonitor.schemas.validation.ValidationLimits;

/** Every example under {@code schemas/examples} behaves as its folder and the expectations say. */
class SchemaExamplesTest {

    private static final Path EXAMPLES = Path.of("examples");
    private static final ObjectMapper MAPPER = RecordMapper.create();

    static Stream<Arguments> validExamples() throws IOException {
        return examples("valid");
    }

    static Stream<Arguments> invalidExamples() throws IOException {
        return examples("invalid");
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("validExamples")
    void validExampleRoundTripsThroughValidatorAndJackson(String typeName, String file)
            throws IOException {
        RecordType<?> type = RecordType.byName(typeName);
        byte[] bytes =
                Files.readAllBytes(EXAMPLES.resolve("valid").resolve(typeName).resolve(file));

        assertRoundTrip(type, bytes);
    }

    private static <T> void assertRoundTrip(RecordType<T> type, byte[] bytes) throws IOException {
        ReadResult<T> first = new RecordReader<>(type, ValidationLimits.defaults()).read(bytes);
        assertThat(first.isOk()).as("read: %s", first).isTrue();
        assertThat(first.value()).isInstanceOf(type.javaType());

        byte[] written = new RecordWriter<>(type).write(first.value());
        assertThat(new RecordWriter<>(type).writeUnchecked(first.value()))
                .as("the job's unchecked path writes the same bytes")
                .isEqualTo(written);
        ReadResult<T> second = new RecordReader<>(type, ValidationLimits.defaults()).read(written);
        assertThat(second.isOk()).as("re-read: %s", second).isTrue();
        assertThat(second.value()).isEqualTo(first.value());

        JsonNode original = withoutNulls(MAPPER.readTree(bytes));
        JsonNode rewritten = MAPPER.readTree(written);
        assertThat(rewritten.get("schema_version").intValue()).isEqualTo(type.currentVersion());
        if (original.get("schema_version").intValue() == type.currentVersion()) {
            assertThat(rewritten).isEqualTo(original);
        }
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("invalidExamples")
    void invalidExampleFailsWithTheExpectedProblems(String typeName, String file)
            throws IOException {
        RecordType<?> type = RecordType.byName(typeName);
        byte[] bytes =
                Files.readAllBytes(EXAMPLES.resolve("invalid").resolve(typeName).resolve(file));
        JsonNode expected = expectations().get(typeName + "/" + file);
        assertThat(expected)
                .as("expectations.json has no entry for %s/%s", typeName, file)
                .isNotNull();

        ReadResult<?> result = new RecordReader<>(type, ValidationLimits.defaults()).read(bytes);

        assertThat(result.isOk()).isFalse();
        assertThat(result.errorCode())
                .isEqualTo(ErrorCode.valueOf(expected.get("error_code").asText()));
        List<String> problems = new ArrayList<>();
        result.problems().forEach(p -> problems.add(p.toString()));
        List<String> expectedProblems = new ArrayList<>();
        expected.get("problems").forEach(p -> expectedProblems.add(p.asText()));
        assertThat(problems).containsExactlyInAnyOrderElementsOf(expectedProblems);
    }

    @Test
    void everyRecordTypeHasValidAndInvalidExamples() throws IOException {
        for (RecordType<?> type : RecordType.values()) {
            assertThat(listJson(EXAMPLES.resolve("valid").resolve(type.name())))
                    .as("valid examples of %s", type.name())
                    .isNotEmpty();
            assertThat(listJson(EXAMPLES.resolve("invalid").resolve(type.name())))
                    .as("invalid examples of %s", type.name())
                    .isNotEmpty();
        }
        Iterator<String> names = expectations().fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            assertThat(EXAMPLES.resolve("invalid").resolve(name))
                    .as("expectation for a missing file")
                    .exists();
        }
    }

    private static JsonNode expectations() throws IOException {
        return MAPPER.readTree(EXAMPLES.resolve("invalid/expectations.json").toFile());
    }

    private static Stream<Arguments> examples(String kind) throws IOException {
        List<Arguments> all = new ArrayList<>();
        for (RecordType<?> type : RecordType.values()) {
            for (String file : listJson(EXAMPLES.resolve(kind).resolve(type.name()))) {
                all.add(Arguments.of(type.name(), file));
            }
        }
        return all.stream();
    }

    private static List<String> listJson(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .sorted()
                    .toList();
        }
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = object.objectNode();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (!field.getValue().isNull()) {
                    copy.set(field.getKey(), withoutNulls(field.getValue()));
                }
            }
            return copy;
        }
        return node;
    }
}
