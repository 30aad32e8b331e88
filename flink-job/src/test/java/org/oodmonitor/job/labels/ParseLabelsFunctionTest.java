package org.oodmonitor.job.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.oodmonitor.job.outputs.SideOutputs;
import org.oodmonitor.job.source.EventTimeGuard;
import org.oodmonitor.job.source.ProcessingClock;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.ErrorCode;

/**
 * Hostile label records: each is a dead letter with its reason and coordinates, and the good one
 * after them still passes.
 */
class ParseLabelsFunctionTest {

    private static final long NOW = 1_767_225_600_000L;

    private static RawRecord raw(long offset, String value) {
        return new RawRecord(
                "labels",
                0,
                offset,
                NOW,
                null,
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static String label(long labelTime) {
        return "{\"schema_version\":1,\"event_id\":\"e\",\"source\":\"cam\",\"true_class\":1,"
                + "\"label_time\":"
                + labelTime
                + "}";
    }

    @Test
    void badLabelsAreDeadLettersWithTheirReasonAndTheGoodOnePasses() throws Exception {
        try (var h =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new ParseLabelsFunction(
                                org.oodmonitor.schemas.validation.ValidationLimits.defaults(),
                                new EventTimeGuard(Duration.ofMinutes(5), Duration.ofDays(7)),
                                ProcessingClock.RECORD_TIMESTAMP))) {
            h.processElement(raw(0, "{\"event_id\": \"e"), NOW);
            h.processElement(raw(1, null), NOW);
            h.processElement(
                    raw(2, "{\"schema_version\":1,\"event_id\":\"e\",\"source\":\"c\"}"), NOW);
            h.processElement(raw(3, label(NOW + Duration.ofDays(365).toMillis())), NOW);
            h.processElement(raw(4, label(NOW - 1000)), NOW);

            List<DeadLetter> letters =
                    h.getSideOutput(SideOutputs.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(letters)
                    .extracting(DeadLetter::errorCode)
                    .containsExactly(
                            ErrorCode.MALFORMED_JSON,
                            ErrorCode.EMPTY_RECORD,
                            ErrorCode.SCHEMA_VIOLATION,
                            ErrorCode.EVENT_TIME_OUT_OF_RANGE);
            assertThat(letters)
                    .extracting(DeadLetter::originalOffset)
                    .containsExactly(0L, 1L, 2L, 3L);
            assertThat(letters.get(3).errorMessage()).startsWith("label_time: ");
            assertThat(h.extractOutputValues())
                    .singleElement()
                    .satisfies(l -> assertThat(l.raw().offset()).isEqualTo(4));
        }
    }
}
