package org.oodmonitor.job.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.oodmonitor.inference.shift.ShiftReference;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.ShadowVerdict;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.serialization.RecordWriter;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * Savepoints of the window operator's earlier state layout (three Kryo map states per key, release
 * 0.1) restore into today's: the open windows, their shift counts, shadow agreement and late counts
 * carry over, and the windows emitted after the restore equal those the earlier layout emitted.
 *
 * <p>The committed snapshot and windows were written by the earlier layout's code (commit 2d53571):
 * the same harness fed {@code feedBeforeSnapshot}, {@code OperatorSnapshotUtil.writeStateHandle} of
 * its snapshot, then {@code feedAfterSnapshot} and its output.
 */
class WindowStateMigrationTest {

    private static final Path SNAPSHOT = Path.of("src/test/resources/savepoints/window-state-0.1");
    private static final long SIZE = 1000;
    private static final String CHECKSUM = WindowShiftTestsTest.CHECKSUM;
    private static final ShiftReference REFERENCE = WindowShiftTestsTest.REFERENCE;

    /**
     * Also with generic types disabled now: the earlier layout's Kryo serializers are made here.
     */
    @ParameterizedTest(name = "generic types allowed: {0}")
    @ValueSource(booleans = {true, false})
    void aSnapshotOfTheEarlierLayoutRestoresWithItsOpenWindows(boolean genericTypes)
            throws Exception {
        try (var after = harness()) {
            WindowStateMigrationTest.restore(after, SNAPSHOT + ".snapshot", genericTypes);
            feedAfterSnapshot(after);
            List<OodRateWindow> windows = after.extractOutputValues();

            // The chi-square statistics are commons-statistics' since: equal up to the last bits.
            assertThat(windows)
                    .as("the windows the earlier layout emitted after its snapshot")
                    .usingRecursiveFieldByFieldElementComparator(
                            RecursiveComparisonConfiguration.builder()
                                    .withComparatorForType(
                                            WindowStateMigrationTest::compareLastBits, Double.class)
                                    .build())
                    .containsExactlyElementsOf(
                            read(RecordType.OOD_RATE_WINDOW, Path.of(SNAPSHOT + ".windows.jsonl")));
            assertThat(windows)
                    .as("carried over: shift tests, shadow agreement and a late count")
                    .anySatisfy(w -> assertThat(w.shiftTests()).isNotEmpty())
                    .anySatisfy(w -> assertThat(w.shadowAgreement()).isNotEmpty())
                    .anySatisfy(w -> assertThat(w.lateEventCount()).isEqualTo(1));
            assertThat(after.numKeyedStateEntries()).as("state cleaned up").isZero();
            assertThat(after.numEventTimeTimers()).as("timers cleaned up").isZero();
        }
    }

    /** Open windows for two keys, shadow verdicts, and a late event, then the snapshot. */
    private static void feedBeforeSnapshot(
            KeyedOneInputStreamOperatorTestHarness<String, ScoredEvent, OodRateWindow> h)
            throws Exception {
        for (int i = 0; i < 100; i++) {
            h.processElement(score("cam", i, i % 2, i < 10), i);
        }
        for (int i = 10; i < 30; i++) {
            h.processElement(score("dog", i, 0, false), i);
        }
        h.processWatermark(new Watermark(999));
        for (int i = 0; i < 50; i++) {
            h.processElement(score("cam", 1000 + i, 0, i < 20), 1000 + i);
        }
        h.processElement(score("cam", 5, 1, false), 5);
        for (int i = 0; i < 30; i++) {
            h.processElement(score("dog", 1000 + i, i % 2, false), 1000 + i);
        }
    }

    /** More events into an open window and into a new one, and the watermark that closes both. */
    private static void feedAfterSnapshot(
            KeyedOneInputStreamOperatorTestHarness<String, ScoredEvent, OodRateWindow> h)
            throws Exception {
        for (int i = 50; i < 60; i++) {
            h.processElement(score("cam", 1000 + i, 0, true), 1000 + i);
        }
        for (int i = 0; i < 10; i++) {
            h.processElement(score("dog", 2000 + i, 1, false), 2000 + i);
        }
        h.processWatermark(new Watermark(2999));
    }

    private static ScoredEvent score(String source, long time, int predicted, boolean shadow) {
        OodScore s =
                TumblingOodRateFunctionTest.score(
                        source,
                        time,
                        time % 7 == 0,
                        predicted,
                        predicted == 0 ? "Bag" : "Coat",
                        time % 4 < 2 ? -2 : -1 - time % 3 / 10.0,
                        CHECKSUM);
        return new ScoredEvent(
                s, shadow ? new ShadowVerdict("2.0.0", CHECKSUM, time % 3 == 0) : null, null, null);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ScoredEvent, OodRateWindow>
            harness() throws Exception {
        Map<String, ShiftReferences.Served> references =
                Map.of(CHECKSUM, new ShiftReferences.Served(CHECKSUM, REFERENCE));
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(
                        new TumblingOodRateFunction(
                                TestWindows.settings(SIZE, 5, () -> references))),
                TumblingOodRateFunction::keyOf,
                Types.STRING);
    }

    /** Opens {@code harness} on the snapshot in {@code file}, with generic types allowed or not. */
    static void restore(
            AbstractStreamOperatorTestHarness<?> harness, String file, boolean genericTypes)
            throws Exception {
        OperatorSubtaskState state = OperatorSnapshotUtil.readStateHandle(file);
        ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(genericTypes);
        harness.setup();
        harness.initializeState(state);
        harness.open();
    }

    /** The records as the sinks write them, one JSON line each. */
    /** The records of a committed JSON-lines file, read and validated as a consumer would. */
    static <T> List<T> read(RecordType<T> type, Path file) throws java.io.IOException {
        RecordReader<T> reader = new RecordReader<>(type, ValidationLimits.defaults());
        List<T> records = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            records.add(reader.read(line.getBytes(StandardCharsets.UTF_8)).value());
        }
        return records;
    }

    /** Equal within 1e-12, relative: what another order of summation may change. */
    static int compareLastBits(Double a, Double b) {
        if (a.equals(b) || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b))) {
            return 0;
        }
        return Double.compare(a, b);
    }

    static <T> List<String> lines(RecordType<T> type, List<T> records) {
        RecordWriter<T> writer = new RecordWriter<>(type);
        List<String> out = new ArrayList<>();
        for (T record : records) {
            out.add(new String(writer.write(record), StandardCharsets.UTF_8));
        }
        return out;
    }
}
