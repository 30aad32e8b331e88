package org.oodmonitor.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.oodmonitor.schemas.serialization.ReadResult;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.validation.ValidationLimits;

/** The size limits are configurable and enforced with a message that names the limit. */
class ValidationLimitsTest {

    private static final Path PNG_EVENT =
            Path.of("examples/valid/image-event/png-fashion-mnist.json");
    private static final Path VECTOR_EVENT =
            Path.of("examples/valid/feature-event/embedding-8d.json");

    @Test
    void recordOverTheByteLimitIsRejectedBeforeParsing() throws IOException {
        byte[] bytes = Files.readAllBytes(PNG_EVENT);
        ValidationLimits limits =
                ValidationLimits.builder().maxRecordBytes(100).maxImageBytes(50).build();

        ReadResult<ImageEvent> result =
                new RecordReader<>(RecordType.IMAGE_EVENT, limits).read(bytes);

        assertThat(result.errorCode()).isEqualTo(ErrorCode.OVERSIZED_RECORD);
        assertThat(result.errorMessage())
                .isEqualTo("$: record is " + bytes.length + " bytes, the limit is 100");
    }

    @Test
    void imageOverTheImageLimitIsASchemaViolation() throws IOException {
        byte[] bytes = Files.readAllBytes(PNG_EVENT);
        ImageEvent event =
                new RecordReader<>(RecordType.IMAGE_EVENT, ValidationLimits.defaults())
                        .read(bytes)
                        .value();
        int pngBytes = event.image().data().length;
        ValidationLimits limits = ValidationLimits.builder().maxImageBytes(pngBytes - 1).build();

        ReadResult<ImageEvent> result =
                new RecordReader<>(RecordType.IMAGE_EVENT, limits).read(bytes);

        assertThat(result.errorCode()).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
        assertThat(result.errorMessage())
                .isEqualTo(
                        "$.image.data: image is "
                                + pngBytes
                                + " bytes, the limit is "
                                + (pngBytes - 1));
    }

    @Test
    void vectorAndAttributeLimitsAreEnforced() throws IOException {
        byte[] bytes = Files.readAllBytes(VECTOR_EVENT);
        ValidationLimits limits =
                ValidationLimits.builder().maxVectorLength(4).maxAttributes(0 + 1).build();
        String twoAttributes =
                new String(bytes, StandardCharsets.UTF_8)
                        .replace("\"query_id\": \"q-42\"", "\"a\": \"1\", \"b\": \"2\"");

        ReadResult<FeatureEvent> result =
                new RecordReader<>(RecordType.FEATURE_EVENT, limits)
                        .read(twoAttributes.getBytes(StandardCharsets.UTF_8));

        assertThat(result.problems())
                .extracting(Object::toString)
                .containsExactlyInAnyOrder(
                        "$.features: 8 values, the limit is 4",
                        "$.attributes: 2 attributes, the limit is 1");
    }

    @Test
    void rawImageSideLimitIsEnforced() throws IOException {
        byte[] bytes =
                Files.readAllBytes(Path.of("examples/valid/image-event/raw-fashion-mnist.json"));
        ValidationLimits limits = ValidationLimits.builder().maxImageSide(27).build();

        ReadResult<ImageEvent> result =
                new RecordReader<>(RecordType.IMAGE_EVENT, limits).read(bytes);

        assertThat(result.errorMessage()).isEqualTo("$.image: 28x28 exceeds the side limit of 27");
        // At the limit exactly, the image passes (a boundary PIT found untested).
        ValidationLimits exact = ValidationLimits.builder().maxImageSide(28).build();
        assertThat(new RecordReader<>(RecordType.IMAGE_EVENT, exact).read(bytes).isOk()).isTrue();
    }

    @Test
    void builderReportsEveryBadLimitAtOnce() {
        assertThatThrownBy(
                        () ->
                                ValidationLimits.builder()
                                        .maxRecordBytes(0)
                                        .maxVectorLength(-3)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Invalid validation limits: maxRecordBytes must be positive, was 0;"
                                + " maxVectorLength must be positive, was -3;"
                                + " maxImageBytes (4194304) cannot exceed maxRecordBytes (0)");
    }
}
