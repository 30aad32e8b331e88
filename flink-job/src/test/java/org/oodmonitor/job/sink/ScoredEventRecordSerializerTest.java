package org.oodmonitor.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;

/**
 * A score record names the platform its event carries, the one that scored it, and nothing else
 * does: not a score without one, not the dead letter that replaces a score too large.
 */
class ScoredEventRecordSerializerTest {

    private static final int MAX = 100_000;

    private static ScoredEventRecordSerializer serializer() {
        return new ScoredEventRecordSerializer(
                "scores",
                new ProducerTimeRecordSerializer<>(
                        "scores",
                        RecordType.OOD_SCORE,
                        OodScore::eventId,
                        new OutputGuard(RecordType.OOD_SCORE, "scores", MAX),
                        "dlq"));
    }

    private static ProducerRecord<byte[], byte[]> serialize(ScoredEvent event) {
        return serializer().serialize(event, null, null);
    }

    @Test
    void aScoreNamesThePlatformOfItsEventAndIsKeyedByEventId() {
        OodScore score = ProducerTimeRecordSerializerTest.score("cam-1");
        String platform = "AMD EPYC 7B13 (x86_64), 2 cores, 1 PyTorch thread";

        ProducerRecord<byte[], byte[]> record =
                serialize(new ScoredEvent(score, null, null, platform));

        assertThat(record.topic()).isEqualTo("scores");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("e1");
        Header header = record.headers().lastHeader(ScoredEventRecordSerializer.PLATFORM_HEADER);
        assertThat(header).isNotNull();
        assertThat(new String(header.value(), StandardCharsets.UTF_8)).isEqualTo(platform);
        assertThat(record.headers().toArray()).hasSize(1);
    }

    @Test
    void eachRecordNamesItsOwnEventsPlatform() {
        OodScore score = ProducerTimeRecordSerializerTest.score("cam-1");
        var serializer = serializer();

        var first = serializer.serialize(new ScoredEvent(score, null, null, "one"), null, null);
        var second = serializer.serialize(new ScoredEvent(score, null, null, "two"), null, null);

        assertThat(first.headers().lastHeader(ScoredEventRecordSerializer.PLATFORM_HEADER).value())
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("one");
        assertThat(second.headers().lastHeader(ScoredEventRecordSerializer.PLATFORM_HEADER).value())
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("two");
    }

    @Test
    void aScoreWithoutAPlatformHasNoHeader() {
        ProducerRecord<byte[], byte[]> record =
                serialize(ScoredEvent.of(ProducerTimeRecordSerializerTest.score("cam-1")));

        assertThat(record.topic()).isEqualTo("scores");
        assertThat(record.headers().toArray()).isEmpty();
    }

    @Test
    void theDeadLetterThatReplacesAScoreTooLargeNamesNoPlatform() {
        OodScore large = ProducerTimeRecordSerializerTest.score("s".repeat(300_000));

        ProducerRecord<byte[], byte[]> record =
                serialize(new ScoredEvent(large, null, null, "AMD EPYC"));

        assertThat(record.topic()).isEqualTo("dlq");
        assertThat(record.headers().toArray()).isEmpty();
    }
}
