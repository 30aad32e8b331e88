package org.oodmonitor.job.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.oodmonitor.schemas.ModelCommand;

/**
 * Deploys' files are checked beside the stream: a checkpoint is taken while a check runs, other
 * records keep their order behind it, and a burst or a check that hangs is refused, not waited for.
 */
@Timeout(60)
class DeployCheckFunctionTest {

    // Static, so that the function's method reference needs no serializable state; new per test.
    private static CountDownLatch release;
    private static CountDownLatch started;
    private static CountDownLatch interrupted;

    private OneInputStreamOperatorTestHarness<ControlRecord, ControlRecord> harness;

    /** Blocks until released, then refuses nothing. */
    private static String slowCheck(ModelCommand deploy) {
        started.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            interrupted.countDown();
            Thread.currentThread().interrupt();
        }
        return deploy.commandId().startsWith("bad") ? "bad files" : null;
    }

    private OneInputStreamOperatorTestHarness<ControlRecord, ControlRecord> open(
            int maxPending, Duration timeout, OperatorSubtaskState restored) throws Exception {
        ControlLimits limits =
                new ControlLimits(
                        Duration.ofDays(7),
                        Duration.ofDays(30),
                        1L << 30,
                        64,
                        timeout,
                        maxPending,
                        Duration.ofMinutes(10));
        var factory =
                new AsyncWaitOperatorFactory<>(
                        new DeployCheckFunction(limits, DeployCheckFunctionTest::slowCheck),
                        timeout.toMillis(),
                        100,
                        AsyncDataStream.OutputMode.ORDERED);
        var opened =
                new OneInputStreamOperatorTestHarness<>(
                        factory,
                        TypeInformation.of(ControlRecord.class)
                                .createSerializer(
                                        new org.apache.flink.api.common.serialization
                                                .SerializerConfigImpl()));
        if (restored != null) {
            opened.initializeState(restored);
        }
        opened.open();
        return opened;
    }

    @BeforeEach
    void latches() {
        release = new CountDownLatch(1);
        started = new CountDownLatch(1);
        interrupted = new CountDownLatch(1);
    }

    @AfterEach
    void close() throws Exception {
        release.countDown();
        if (harness != null) {
            harness.close();
        }
    }

    private static ControlRecord record(ModelCommand command, long offset) {
        return new ControlRecord(command, null, "control-0@" + offset, 1000, null);
    }

    private static ModelCommand deploy(String id) {
        return ModelCommand.deploy(id, "fashion", "2.0.0", "/m", "a".repeat(64), "live", 5, 0);
    }

    @Test
    void aCheckpointIsTakenWhileADeployIsCheckedAndOrderIsKept() throws Exception {
        harness = open(4, Duration.ofMinutes(5), null);
        harness.processElement(new StreamRecord<>(record(deploy("slow"), 0), 0));
        harness.processElement(
                new StreamRecord<>(
                        record(ModelCommand.of("r", "retire", "fashion", "1.0.0", 6, 0), 1), 0));
        started.await();

        OperatorSubtaskState snapshot = harness.snapshot(1, 1);

        assertThat(snapshot).as("the checkpoint did not wait for the check").isNotNull();
        assertThat(harness.extractOutputValues())
                .as("the retire waits behind the deploy being checked")
                .isEmpty();
        release.countDown();
        harness.endInput();
        List<ControlRecord> out = harness.extractOutputValues();
        assertThat(out).extracting(r -> r.command().commandId()).containsExactly("slow", "r");
        assertThat(out).extracting(ControlRecord::filesRefusal).containsOnlyNulls();
    }

    @Test
    void aDeployBeyondTheChecksInFlightIsRefusedAtOnce() throws Exception {
        harness = open(1, Duration.ofMinutes(5), null);
        harness.processElement(new StreamRecord<>(record(deploy("first"), 0), 0));
        harness.processElement(new StreamRecord<>(record(deploy("second"), 1), 0));
        started.await();
        release.countDown();
        harness.endInput();

        List<ControlRecord> out = harness.extractOutputValues();
        assertThat(out).extracting(r -> r.command().commandId()).containsExactly("first", "second");
        assertThat(out.get(0).filesRefusal()).isNull();
        assertThat(out.get(1).filesRefusal())
                .contains("1 deploys are being checked already")
                .contains("ood.control.max-pending-checks");
    }

    @Test
    void aCheckThatOutlastsTheTimeoutRefusesItsDeploy() throws Exception {
        harness = open(4, Duration.ofMillis(200), null);
        harness.processElement(new StreamRecord<>(record(deploy("hangs"), 0), 0));
        started.await();
        harness.setProcessingTime(harness.getProcessingTime() + 1000);
        harness.endInput();

        List<ControlRecord> out = harness.extractOutputValues();
        assertThat(out)
                .singleElement()
                .satisfies(
                        r ->
                                assertThat(r.filesRefusal())
                                        .contains("took longer than ood.control.verify-timeout"));
        assertThat(interrupted.await(10, java.util.concurrent.TimeUnit.SECONDS))
                .as("the hung check was interrupted, its thread freed")
                .isTrue();
    }
}
