package org.oodmonitor.job.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.ShiftAlert;

/**
 * Savepoints of the shift detector's earlier state layout (its run written with Kryo, release 0.1)
 * restore into today's: the evidence gathered before the snapshot carries over, so the alert after
 * the restore equals the one the earlier layout raised.
 *
 * <p>The committed snapshot and alerts were written by the earlier layout's code (commit 2d53571):
 * the same harness fed {@code feedBeforeSnapshot}, {@code OperatorSnapshotUtil.writeStateHandle} of
 * its snapshot, then {@code feedAfterSnapshot} and its output.
 */
class ShiftRunMigrationTest {

    private static final Path SNAPSHOT = Path.of("src/test/resources/savepoints/shift-run-0.1");

    /**
     * Also with generic types disabled now: the earlier layout's Kryo serializers are made here.
     */
    @ParameterizedTest(name = "generic types allowed: {0}")
    @ValueSource(booleans = {true, false})
    void aSnapshotOfTheEarlierLayoutRestoresWithItsEvidence(boolean genericTypes) throws Exception {
        try (var after = harness()) {
            WindowStateMigrationTest.restore(after, SNAPSHOT + ".snapshot", genericTypes);
            feedAfterSnapshot(after);
            List<ShiftAlert> alerts = after.extractOutputValues();

            assertThat(alerts)
                    .as("one alert, needing the evidence of the windows before the snapshot")
                    .hasSize(1);
            assertThat(WindowStateMigrationTest.lines(RecordType.SHIFT_ALERT, alerts))
                    .containsExactlyElementsOf(
                            Files.readAllLines(Path.of(SNAPSHOT + ".alerts.jsonl")));
            after.processWatermark(
                    new Watermark(
                            4999
                                    + ShiftDetectorFunction.IDLE_WINDOWS
                                            * ShiftDetectorFunctionTest.SIZE));
            assertThat(after.numKeyedStateEntries()).as("state of idle keys").isZero();
            assertThat(after.numEventTimeTimers()).as("timers").isZero();
        }
    }

    /** Raised rates for two sources: evidence short of an alert for each. */
    private static void feedBeforeSnapshot(
            KeyedOneInputStreamOperatorTestHarness<String, OodRateWindow, ShiftAlert> h)
            throws Exception {
        h.processElement(ShiftDetectorFunctionTest.window(0, 100, 5), 999);
        h.processElement(ShiftDetectorFunctionTest.window(1, 100, 15), 1999);
        h.processElement(withSource(ShiftDetectorFunctionTest.window(1, 100, 12), "dog"), 1999);
    }

    /** One more raised window per source: over the threshold only with the earlier evidence. */
    private static void feedAfterSnapshot(
            KeyedOneInputStreamOperatorTestHarness<String, OodRateWindow, ShiftAlert> h)
            throws Exception {
        h.processElement(ShiftDetectorFunctionTest.window(2, 100, 15), 2999);
        h.processElement(withSource(ShiftDetectorFunctionTest.window(2, 100, 5), "dog"), 2999);
    }

    private static OodRateWindow withSource(OodRateWindow w, String source) {
        return new OodRateWindow(
                w.schemaVersion(),
                source,
                w.modelName(),
                w.modelVersion(),
                w.modelChecksum(),
                w.windowStart(),
                w.windowEnd(),
                w.eventCount(),
                w.oodCount(),
                w.oodRate(),
                w.scoreMean(),
                w.scoreQuantiles(),
                w.classCounts(),
                w.lateEventCount(),
                w.expectedOodRate(),
                w.pValue(),
                w.flagged(),
                w.flagReason(),
                w.shiftTests(),
                w.shiftTestsSkipped(),
                w.shadowAgreement());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, OodRateWindow, ShiftAlert>
            harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(
                        new ShiftDetectorFunction(
                                ShiftDetectorFunctionTest.SIZE, 0.05, 2, 200_000)),
                ShiftDetectorFunction::keyOf,
                Types.STRING);
    }
}
