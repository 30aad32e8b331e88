package org.oodmonitor.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.oodmonitor.schemas.serialization.ReadResult;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.serialization.RecordWriter;
import org.oodmonitor.schemas.validation.ValidationLimits;

/** A status is within its schema's caps and printable whatever reason it is given. */
class ControlStatusTest {

    @Test
    void aHugeReasonIsCutToTheSchemasCapWithAMarkerAndStaysValid() {
        String reason = "\u001b[31mred " + "x".repeat(3_600_000);
        ControlStatus status =
                ControlStatus.unreadable(reason, "control-0@" + "9".repeat(1000), 1L);

        assertThat(status.reason())
                .hasSize(ControlStatus.MAX_REASON_CHARS)
                .startsWith("\\u001B[31mred xxx")
                .endsWith("characters in all)")
                .doesNotContain("\u001b");
        assertThat(status.record()).hasSizeLessThanOrEqualTo(ControlStatus.MAX_RECORD_CHARS);
        byte[] written = new RecordWriter<>(RecordType.CONTROL_STATUS).write(status);
        ReadResult<ControlStatus> read =
                new RecordReader<>(RecordType.CONTROL_STATUS, ValidationLimits.defaults())
                        .read(written);
        assertThat(read.isOk()).as(String.valueOf(read)).isTrue();
        assertThat(read.value()).isEqualTo(status);
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00";
        String reason = "a".repeat(4096 - 40) + emoji.repeat(100);
        String cut = ControlStatus.unreadable(reason, null, 1L).reason();

        assertThat(cut).hasSizeLessThanOrEqualTo(ControlStatus.MAX_REASON_CHARS);
        assertThat(org.oodmonitor.schemas.text.Printable.firstUnpairedSurrogate(cut)).isEqualTo(-1);
    }

    @Test
    void aCommandWithThousandsOfUnknownFieldsIsSummarisedInAFewProblems() {
        StringBuilder record = new StringBuilder("{\"schema_version\":1");
        for (int i = 0; i < 5000; i++) {
            record.append(",\"unknown_").append("y".repeat(500)).append(i).append("\":0");
        }
        record.append('}');
        ReadResult<ModelCommand> read =
                new RecordReader<>(RecordType.MODEL_COMMAND, ValidationLimits.defaults())
                        .read(record.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(read.isOk()).isFalse();
        assertThat(read.errorMessage())
                .hasSizeLessThan(4000)
                .contains("more problems (")
                .contains("in all)");
        assertThat(read.problems()).hasSizeGreaterThan(5000);
    }
}
