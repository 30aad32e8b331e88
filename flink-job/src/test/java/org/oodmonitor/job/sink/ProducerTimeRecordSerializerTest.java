package org.oodmonitor.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.oodmonitor.schemas.ControlStatus;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.ReadResult;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * The one size guard of every sink: a record the producer could not send, or its schema refuses,
 * leaves as a dead letter that names it; a dead letter too large is cut to fit.
 */
class ProducerTimeRecordSerializerTest {

    private static final int MAX = 100_000;

    private static <T> ProducerRecord<byte[], byte[]> serialize(
            RecordType<T> type, String topic, T record) {
        return new ProducerTimeRecordSerializer<>(
                        topic, type, null, new OutputGuard(type, topic, MAX), "dlq")
                .serialize(record, null, null);
    }

    private static DeadLetter deadLetter(ProducerRecord<byte[], byte[]> record) {
        assertThat(record.topic()).isEqualTo("dlq");
        assertThat(record.value().length).isLessThanOrEqualTo(MAX);
        ReadResult<DeadLetter> read =
                new RecordReader<>(RecordType.DEAD_LETTER, ValidationLimits.defaults())
                        .read(record.value());
        assertThat(read.isOk()).as(String.valueOf(read)).isTrue();
        return read.value();
    }

    @Test
    void aRecordWithinTheLimitAndItsSchemaGoesToItsTopic() {
        ControlStatus status = ControlStatus.unreadable("not a command", "control-0@1", 5L);

        ProducerRecord<byte[], byte[]> record =
                serialize(RecordType.CONTROL_STATUS, "status", status);

        assertThat(record.topic()).isEqualTo("status");
        assertThat(
                        new RecordReader<>(RecordType.CONTROL_STATUS, ValidationLimits.defaults())
                                .read(record.value())
                                .value())
                .isEqualTo(status);
    }

    @Test
    void aScoreOverTheLimitBecomesADeadLetterNamingItsTopicAndSize() {
        OodScore score = score("s".repeat(300_000));

        DeadLetter letter = deadLetter(serialize(RecordType.OOD_SCORE, "scores", score));

        assertThat(letter.errorCode()).isEqualTo(ErrorCode.OVERSIZED_RECORD);
        assertThat(letter.originalTopic()).isEqualTo("scores");
        assertThat(letter.payloadTruncated()).isTrue();
        assertThat(letter.payloadSize()).isGreaterThan(MAX);
        assertThat(new String(letter.payload(), java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("{\"schema_version\":");
        assertThat(letter.errorMessage())
                .contains("ood-score record of " + letter.payloadSize() + " bytes")
                .contains("larger than ood.limits.max-output-bytes (" + MAX + ")");
    }

    @Test
    void aStatusItsSchemaRefusesBecomesADeadLetterWithTheProblems() {
        ControlStatus invalid =
                new ControlStatus(
                        1,
                        "i".repeat(300),
                        null,
                        null,
                        null,
                        "rejected",
                        "r",
                        null,
                        null,
                        null,
                        null,
                        5L);

        DeadLetter letter = deadLetter(serialize(RecordType.CONTROL_STATUS, "status", invalid));

        assertThat(letter.errorCode()).isEqualTo(ErrorCode.PROCESSING_FAILED);
        assertThat(letter.errorMessage())
                .contains("control-status record for topic status that its schema refuses")
                .contains("command_id");
    }

    @Test
    void aDeadLetterTooLargeIsCutToFit() {
        DeadLetter large =
                DeadLetter.of(
                        "images",
                        3,
                        42,
                        7L,
                        new byte[16 * 1024],
                        new byte[400_000],
                        256 * 1024,
                        ErrorCode.OVERSIZED_RECORD,
                        "m".repeat(8000),
                        9L);

        DeadLetter cut = deadLetter(serialize(RecordType.DEAD_LETTER, "dlq", large));

        assertThat(cut.originalTopic()).isEqualTo("images");
        assertThat(cut.originalPartition()).isEqualTo(3);
        assertThat(cut.originalOffset()).isEqualTo(42);
        assertThat(cut.payloadSize()).isEqualTo(400_000);
        assertThat(cut.payloadTruncated()).isTrue();
        assertThat(cut.payload().length).isLessThan(large.payload().length);
    }

    static OodScore score(String source) {
        return new OodScore(
                OodScore.VERSION,
                "e1",
                source,
                1L,
                "fashion",
                "1.0.0",
                "f".repeat(64),
                0,
                "T-shirt",
                -1.0,
                1.0,
                -5,
                true,
                null,
                1L,
                null,
                null,
                null,
                null,
                null);
    }
}
