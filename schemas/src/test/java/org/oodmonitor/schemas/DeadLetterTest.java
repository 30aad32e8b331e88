package org.oodmonitor.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.serialization.RecordWriter;
import org.oodmonitor.schemas.validation.ValidationLimits;

/** Dead letters keep the source coordinates and at most the configured payload. */
class DeadLetterTest {

    @Test
    void payloadIsCutToTheLimitAndTheOriginalSizeKept() {
        byte[] value = "0123456789".getBytes(StandardCharsets.UTF_8);

        DeadLetter letter =
                DeadLetter.of(
                        "ood.events.images",
                        3,
                        42L,
                        1_000L,
                        null,
                        value,
                        4,
                        ErrorCode.CORRUPT_IMAGE,
                        "$.image.data: not a PNG",
                        2_000L);

        assertThat(letter.payload()).containsExactly('0', '1', '2', '3');
        assertThat(letter.payloadSize()).isEqualTo(10);
        assertThat(letter.payloadTruncated()).isTrue();
        byte[] json = new RecordWriter<>(RecordType.DEAD_LETTER).write(letter);
        DeadLetter back =
                new RecordReader<>(RecordType.DEAD_LETTER, ValidationLimits.defaults())
                        .read(json)
                        .value();
        assertThat(back).isEqualTo(letter);
        assertThat(back.originalPartition()).isEqualTo(3);
        assertThat(back.originalOffset()).isEqualTo(42L);
    }

    @Test
    void writerRefusesAnInvalidRecord() {
        OodScore notAnAlert =
                new OodScore(
                        OodScore.VERSION,
                        "e",
                        "s",
                        1L,
                        "m",
                        "1",
                        "f".repeat(64),
                        0,
                        "T-shirt",
                        1.0,
                        -1.0,
                        -2.0,
                        false,
                        null,
                        2L,
                        null,
                        null,
                        null,
                        null,
                        null);

        assertThatThrownBy(() -> new RecordWriter<>(RecordType.OOD_ALERT).write(notAnAlert))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Refusing to write an invalid ood-alert:"
                                + " $.is_ood: must be the constant value 'true'");
        assertThat(new RecordWriter<>(RecordType.OOD_SCORE).write(notAnAlert)).isNotEmpty();
    }
}
