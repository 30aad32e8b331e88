package org.oodmonitor.job.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.oodmonitor.job.operators.internal.OutputSizeGuard;
import org.oodmonitor.job.outputs.SideOutputs;
import org.oodmonitor.job.source.DeadLetters;
import org.oodmonitor.job.source.MonitorEvent;
import org.oodmonitor.job.source.ParsedRecord;
import org.oodmonitor.job.source.ProcessingClock;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.ErrorCode;

/**
 * The operators' argument checks at their exact boundaries and the dead-letter split, where PIT
 * found mutants no test killed: each value just inside a bound is accepted, just outside refused.
 */
class OperatorBoundariesTest {

    @Test
    void windowSettingsAcceptTheirBoundsAndRefuseJustBeyondNamingTheOption() {
        assertThatCode(() -> windows(1, 0.05, 0.001, 1.0, 1)).doesNotThrowAnyException();
        assertThatCode(() -> windows(1, 0.05, 0.001, null, 1)).doesNotThrowAnyException();
        Map<String, Runnable> bad = new LinkedHashMap<>();
        bad.put("ood.window.size", () -> windows(0, 0.05, 0.001, null, 1));
        bad.put("ood.window.max-keys", () -> windows(1, 0.05, 0.001, null, 0));
        bad.put("ood.window.expected-ood-rate", () -> windows(1, 0.0, 0.001, null, 1));
        bad.put("ood.window.expected-ood-rate ", () -> windows(1, 1.0, 0.001, null, 1));
        bad.put("ood.window.false-alarm-probability", () -> windows(1, 0.05, 0.0, null, 1));
        bad.put("ood.window.false-alarm-probability ", () -> windows(1, 0.05, 1.0, null, 1));
        bad.put("ood.window.max-ood-rate", () -> windows(1, 0.05, 0.001, 0.0, 1));
        bad.put("ood.window.max-ood-rate ", () -> windows(1, 0.05, 0.001, 1.0001, 1));
        bad.put("ood.window.max-ood-rate  ", () -> windows(1, 0.05, 0.001, Double.NaN, 1));
        bad.forEach(
                (key, construct) ->
                        assertThatThrownBy(construct::run)
                                .isInstanceOf(IllegalArgumentException.class)
                                .hasMessageStartingWith(key.strip() + " must be"));
    }

    private static WindowSettings windows(
            long sizeMs, double expected, double alpha, Double maxRate, int maxKeys) {
        return new WindowSettings(
                Duration.ofMillis(sizeMs),
                expected,
                alpha,
                maxRate,
                maxKeys,
                TestWindows.settings(1, 1).shift());
    }

    @Test
    void binomialTailAtTheEdgesOfItsDomain() {
        assertThat(BinomialTest.upperTail(0, 0, 0.0)).isEqualTo(1.0);
        assertThat(BinomialTest.upperTail(3, 3, 1.0)).isEqualTo(1.0);
        // P(X >= n) = p^n, by hand: 0.5^3.
        assertThat(BinomialTest.upperTail(3, 3, 0.5)).isCloseTo(0.125, within());
        assertThat(BinomialTest.upperTail(1, Integer.MAX_VALUE, 0.0)).isZero();
        for (long[] kn : new long[][] {{-1, 3}, {4, 3}, {0, -1}, {0, Integer.MAX_VALUE + 1L}}) {
            assertThatThrownBy(() -> BinomialTest.upperTail(kn[0], kn[1], 0.5))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (double p : new double[] {-1e-9, 1 + 1e-9, Double.NaN}) {
            assertThatThrownBy(() -> BinomialTest.upperTail(1, 3, p))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void parsedEventsGoOnAndFailedRecordsToTheDeadLetterOutput() throws Exception {
        var harness =
                new OneInputStreamOperatorTestHarness<ParsedRecord, MonitorEvent>(
                        new ProcessOperator<>(new SplitDeadLettersFunction()));
        harness.open();
        MonitorEvent event = TestEvents.fashion(0);
        DeadLetter letter =
                DeadLetter.of(
                        "images",
                        1,
                        9L,
                        5L,
                        null,
                        new byte[] {'{'},
                        10,
                        ErrorCode.MALFORMED_JSON,
                        "broken",
                        1L);
        harness.processElement(ParsedRecord.of(event), 1);
        harness.processElement(ParsedRecord.failed(letter), 2);
        harness.processElement(ParsedRecord.of(event), 3);

        // Records are copied by the harness: compare what identifies them.
        assertThat(harness.extractOutputValues())
                .extracting(MonitorEvent::eventId, MonitorEvent::eventTime)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("fashion-0", 1000L),
                        org.assertj.core.groups.Tuple.tuple("fashion-0", 1000L));
        List<DeadLetter> letters = new ArrayList<>();
        harness.getSideOutput(SideOutputs.DEAD_LETTERS).forEach(r -> letters.add(r.getValue()));
        assertThat(letters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.errorCode()).isEqualTo(ErrorCode.MALFORMED_JSON);
                            assertThat(d.originalOffset()).isEqualTo(9L);
                        });
        assertThat(
                        harness.getEnvironment()
                                .getAccumulatorRegistry()
                                .getUserMap()
                                .get(SplitDeadLettersFunction.RECORDS_READ)
                                .getLocalValue())
                .isEqualTo(3L);
        harness.close();
    }

    @Test
    void deadLettersKeepTimestampZeroAndCutKeysAndMessagesOnlyBeyondTheirLimits() {
        byte[] longestKey = new byte[DeadLetters.MAX_KEY_BYTES];
        RawRecord atLimits = new RawRecord("images", 0, 1L, 0L, longestKey, new byte[] {1});
        DeadLetter kept =
                DeadLetters.of(
                        atLimits,
                        ErrorCode.MALFORMED_JSON,
                        "m".repeat(DeadLetters.MAX_MESSAGE_CHARS),
                        ProcessingClock.RECORD_TIMESTAMP);
        assertThat(kept.originalTimestamp()).as("timestamp 0 is a time").isZero();
        assertThat(kept.originalKey()).hasSize(DeadLetters.MAX_KEY_BYTES);
        assertThat(kept.errorMessage()).hasSize(DeadLetters.MAX_MESSAGE_CHARS);

        RawRecord beyond =
                new RawRecord("images", 0, 1L, -1L, new byte[DeadLetters.MAX_KEY_BYTES + 1], null);
        DeadLetter cut =
                DeadLetters.of(
                        beyond,
                        ErrorCode.MALFORMED_JSON,
                        "m".repeat(DeadLetters.MAX_MESSAGE_CHARS + 1),
                        ProcessingClock.RECORD_TIMESTAMP);
        assertThat(cut.originalTimestamp()).as("no timestamp").isNull();
        assertThat(cut.originalKey()).hasSize(DeadLetters.MAX_KEY_BYTES);
        assertThat(cut.errorMessage())
                .startsWith("m".repeat(DeadLetters.MAX_MESSAGE_CHARS) + "... (cut; ");
    }

    @Test
    void outputSizeGuardAllowsARecordOfExactlyTheLimit() throws Exception {
        org.oodmonitor.schemas.OodScore score =
                new org.oodmonitor.schemas.OodScore(
                        org.oodmonitor.schemas.OodScore.VERSION,
                        "e",
                        "s",
                        1L,
                        "m",
                        "1",
                        "1f1f2ad45d3c5a5f5b8b1d713de3b07ed0671cb7871bea857978462271468ad7",
                        0,
                        "label",
                        1.0,
                        2.0,
                        1.5,
                        false,
                        null,
                        1L,
                        null,
                        null,
                        null,
                        null,
                        null);
        int size =
                new org.oodmonitor.schemas.serialization.RecordWriter<>(
                                org.oodmonitor.schemas.RecordType.OOD_SCORE)
                        .write(score)
                        .length;
        RawRecord noValue = new RawRecord("images", 0, 1L, 1L, null, null);
        assertThat(new OutputSizeGuard(size).check(noValue, score)).isEmpty();
        assertThat(new OutputSizeGuard(size - 1).check(noValue, score))
                .contains(
                        "its score record would be "
                                + size
                                + " bytes, more than ood.limits.max-output-bytes ("
                                + (size - 1)
                                + "); the event's attributes are the likely cause");
        // A small input far under the limit is let through without writing the record.
        RawRecord small = new RawRecord("images", 0, 1L, 1L, null, new byte[10]);
        assertThat(new OutputSizeGuard(10 + OutputSizeGuard.SLACK_BYTES).check(small, score))
                .isEmpty();
        assertThat(new OutputSizeGuard(9 + OutputSizeGuard.SLACK_BYTES).check(small, score))
                .as("one byte less: the record is written and measured, and fits")
                .isEmpty();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-12);
    }
}
