package org.oodmonitor.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.oodmonitor.schemas.serialization.ReadResult;
import org.oodmonitor.schemas.serialization.RecordMapper;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.validation.ValidationLimits;

/** Readers accept the current and the previous version, and nothing else. */
class SchemaEvolutionTest {

    private static final ObjectMapper MAPPER = RecordMapper.create();
    private final RecordReader<ImageEvent> reader =
            new RecordReader<>(RecordType.IMAGE_EVENT, ValidationLimits.defaults());

    @Test
    void previousImageEventVersionIsUpgradedToTheCurrentOne() throws IOException {
        ImageEvent v1 = reader.read(read("valid/image-event/v1-png-previous-version.json")).value();
        ImageEvent v2 = reader.read(read("valid/image-event/png-fashion-mnist.json")).value();

        assertThat(v1.schemaVersion()).isEqualTo(2);
        assertThat(v1.image().encoding()).isEqualTo(ImageEncoding.PNG);
        assertThat(v1.image().data()).isEqualTo(v2.image().data());
        assertThat(v1.eventTime()).isEqualTo(v2.eventTime());
        assertThat(v1.modelName()).isNull();
    }

    @Test
    void versionsOutsideTheReadableRangeAreRejected() throws IOException {
        ObjectNode record =
                (ObjectNode) MAPPER.readTree(read("valid/image-event/png-fashion-mnist.json"));
        for (int version : new int[] {0, 3}) {
            record.put("schema_version", version);
            ReadResult<ImageEvent> result = reader.read(record);
            assertThat(result.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
            assertThat(result.errorMessage())
                    .isEqualTo(
                            "$.schema_version: version "
                                    + version
                                    + " of image-event is not supported;"
                                    + " this reader accepts versions 1 to 2");
        }
    }

    @Test
    void aCurrentRecordLabelledWithThePreviousVersionIsRejected() throws IOException {
        ObjectNode record =
                (ObjectNode) MAPPER.readTree(read("valid/image-event/png-fashion-mnist.json"));
        record.put("schema_version", 1);

        ReadResult<ImageEvent> result = reader.read(record);

        assertThat(result.problems())
                .extracting(Object::toString)
                .contains(
                        "$.image_base64: is required", "$.image: is not a property of this schema");
    }

    @Test
    void everyTypeDeclaresItsReadableVersions() {
        for (RecordType<?> type : RecordType.values()) {
            assertThat(type.isReadable(type.currentVersion())).isTrue();
            assertThat(type.isReadable(type.currentVersion() + 1)).isFalse();
            assertThat(type.oldestReadableVersion()).isBetween(1, type.currentVersion());
            for (int v = type.oldestReadableVersion(); v <= type.currentVersion(); v++) {
                assertThat(SchemaEvolutionTest.class.getResource(type.schemaResource(v)))
                        .as("schema file of %s v%d", type.name(), v)
                        .isNotNull();
            }
        }
    }

    @Test
    void errorCodesMatchTheDeadLetterSchema() throws IOException {
        var schema =
                MAPPER.readTree(
                        SchemaEvolutionTest.class.getResource(
                                RecordType.DEAD_LETTER.schemaResource(
                                        RecordType.DEAD_LETTER.currentVersion())));
        var codes = new java.util.ArrayList<String>();
        schema.at("/properties/error_code/enum").forEach(n -> codes.add(n.asText()));
        assertThat(codes)
                .containsExactlyElementsOf(
                        java.util.Arrays.stream(ErrorCode.values()).map(Enum::name).toList());
    }

    private static byte[] read(String example) throws IOException {
        return Files.readAllBytes(Path.of("examples").resolve(example));
    }
}
