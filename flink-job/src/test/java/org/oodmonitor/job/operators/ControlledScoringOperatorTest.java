package org.oodmonitor.job.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.job.config.ScoringOptions;
import org.oodmonitor.job.outputs.SideOutputs;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.job.source.MonitorEvent;
import org.oodmonitor.job.source.ProcessingClock;
import org.oodmonitor.schemas.ControlStatus;
import org.oodmonitor.schemas.ModelCommand;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.ShadowVerdict;

/**
 * Harness tests of the controlled scoring operator: the command input never holds event time back,
 * a deployed version serves from its effective time once loaded, the subtask reports it applied,
 * and a restored subtask serves the versions in its broadcast state.
 */
class ControlledScoringOperatorTest {

    @TempDir Path tmp;

    /** Batches of 4 padded to fixed shape, one PyTorch thread. */
    private static ScoringSettings settings() {
        return TestScoring.settings(
                TestEvents.specs(),
                ProcessingClock.WALL_CLOCK,
                c -> {
                    c.set(ScoringOptions.BATCH_SIZE, 4);
                    c.set(ScoringOptions.BATCH_DELAY, Duration.ofMillis(50));
                });
    }

    private static ControlledScoringOperator operator() {
        return new ControlledScoringOperator(settings(), List.of());
    }

    private static TwoInputStreamOperatorTestHarness<MonitorEvent, ModelCommand, ScoredEvent>
            harness() throws Exception {
        return new TwoInputStreamOperatorTestHarness<>(operator());
    }

    private static MonitorEvent at(int index, long eventTime) throws IOException {
        return TestEvents.fashionAt(index, eventTime);
    }

    private ModelCommand deployOfNewVersion(long from) throws IOException {
        Path dir = org.oodmonitor.job.control.TestModelVersions.version(tmp, "1.1.0", 0.25);
        return ModelCommand.deploy(
                "d-1.1.0",
                TestEvents.MODEL_NAME,
                "1.1.0",
                dir.toString(),
                ModelArtifact.manifestSha256(dir),
                ModelCommand.LIVE,
                from,
                0);
    }

    @Test
    void theCommandInputHoldsNoWatermarkBackAndItsWatermarksAreIgnored() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processWatermark2(new Watermark(5));
            assertThat(h.getOutput()).isEmpty();
            h.processWatermark1(new Watermark(1000));
            assertThat(h.getOutput()).containsExactly(new Watermark(1000));
        }
    }

    @Test
    void aDeployServesFromItsEffectiveTimeAndARestoredSubtaskStillServesIt() throws Exception {
        ModelCommand deploy = deployOfNewVersion(500);
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processElement1(new StreamRecord<>(at(0, 100), 100));
            h.prepareSnapshotPreBarrier(0);
            h.processElement2(new StreamRecord<>(deploy));
            waitForStatus(h);
            h.processElement1(new StreamRecord<>(at(1, 499), 499));
            h.processElement1(new StreamRecord<>(at(2, 500), 500));
            h.prepareSnapshotPreBarrier(1);
            snapshot = h.snapshot(1, 1);

            assertThat(TestEvents.scores(h))
                    .extracting(OodScore::eventTime, OodScore::modelVersion)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(100L, "1.0.0"),
                            org.assertj.core.groups.Tuple.tuple(499L, "1.0.0"),
                            org.assertj.core.groups.Tuple.tuple(500L, "1.1.0"));
            ControlStatus applied =
                    h.getSideOutput(SideOutputs.CONTROL_STATUS).iterator().next().getValue();
            assertThat(applied.state()).isEqualTo(ControlStatus.APPLIED);
            assertThat(applied.subtask()).isZero();
            assertThat(applied.newestEventBefore()).isEqualTo(100L);
            assertThat(applied.late()).isFalse();
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement1(new StreamRecord<>(at(3, 700), 700));
            restored.processElement1(new StreamRecord<>(at(4, 300), 300));
            restored.prepareSnapshotPreBarrier(2);
            assertThat(TestEvents.scores(restored))
                    .extracting(OodScore::eventTime, OodScore::modelVersion)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(700L, "1.1.0"),
                            org.assertj.core.groups.Tuple.tuple(300L, "1.0.0"));
            assertThat(restored.getSideOutput(SideOutputs.CONTROL_STATUS))
                    .as("a restored command is not reported again")
                    .isNull();
        }
    }

    @Test
    void aCommandThatComesAfterLaterEventsIsReportedLate() throws Exception {
        ModelCommand deploy = deployOfNewVersion(500);
        try (var h = harness()) {
            h.open();
            h.processElement1(new StreamRecord<>(at(0, 900), 900));
            h.prepareSnapshotPreBarrier(1);
            h.processElement2(new StreamRecord<>(deploy));
            waitForStatus(h);
            ControlStatus applied =
                    h.getSideOutput(SideOutputs.CONTROL_STATUS).iterator().next().getValue();
            assertThat(applied.newestEventBefore()).isEqualTo(900L);
            assertThat(applied.late()).isTrue();
            assertThat(TestEvents.scores(h))
                    .extracting(OodScore::modelVersion)
                    .containsExactly("1.0.0");
        }
    }

    @Test
    void aShadowScoresBesideTheLiveVersionUntilPromotedAndItsVerdictRidesOnTheLiveScore()
            throws Exception {
        Path dir = org.oodmonitor.job.control.TestModelVersions.version(tmp, "1.1.0", 0.0, 3.0);
        ModelCommand shadow =
                ModelCommand.deploy(
                        "s-1.1.0",
                        TestEvents.MODEL_NAME,
                        "1.1.0",
                        dir.toString(),
                        ModelArtifact.manifestSha256(dir),
                        ModelCommand.SHADOW,
                        0,
                        0);
        try (var h = harness()) {
            h.open();
            h.processElement2(new StreamRecord<>(shadow));
            waitForStatus(h);
            h.processElement2(
                    new StreamRecord<>(
                            ModelCommand.of(
                                    "p-1.1.0",
                                    ModelCommand.PROMOTE,
                                    TestEvents.MODEL_NAME,
                                    "1.1.0",
                                    1000,
                                    0)));
            for (int i = 0; i < 3; i++) {
                h.processElement1(new StreamRecord<>(at(i, 10 + i), 10 + i));
            }
            h.processElement1(new StreamRecord<>(at(3, 1000), 1000));
            h.prepareSnapshotPreBarrier(1);

            List<ScoredEvent> events = h.extractOutputValues();
            List<OodScore> live = events.stream().map(ScoredEvent::score).toList();
            assertThat(live)
                    .extracting(OodScore::eventTime, OodScore::modelVersion)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(10L, "1.0.0"),
                            org.assertj.core.groups.Tuple.tuple(11L, "1.0.0"),
                            org.assertj.core.groups.Tuple.tuple(12L, "1.0.0"),
                            org.assertj.core.groups.Tuple.tuple(1000L, "1.1.0"));
            var shadowScores = h.getSideOutput(SideOutputs.SHADOW_SCORES);
            assertThat(shadowScores).hasSize(3);
            for (int i = 0; i < 3; i++) {
                OodScore s = live.get(i);
                ShadowVerdict verdict = events.get(i).shadow();
                assertThat(verdict).isNotNull();
                assertThat(verdict.modelVersion()).isEqualTo("1.1.0");
                OodScore shadowScore =
                        shadowScores.stream()
                                .map(r -> r.getValue().score())
                                .filter(x -> x.eventId().equals(s.eventId()))
                                .findFirst()
                                .orElseThrow();
                assertThat(verdict.ood()).isEqualTo(shadowScore.isOod());
                assertThat(shadowScore.score()).isEqualTo(s.score());
            }
            assertThat(events.get(3).shadow()).isNull();
            assertThat(events.get(3).modelLocation()).isEqualTo(dir.toString());
            assertThat(events.get(0).modelLocation()).isNull();
            assertThat(h.getSideOutput(SideOutputs.CONTROL_STATUS))
                    .extracting(r -> r.getValue().commandId())
                    .as("a promote needs no loading: applied at once")
                    .containsExactly("s-1.1.0", "p-1.1.0");
        }
    }

    @Test
    void aCommandTheSubtaskRefusesIsReportedFailedAndNotKept() throws Exception {
        ModelCommand deploy = deployOfNewVersion(500);
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processElement2(new StreamRecord<>(deploy));
            waitForStatus(h);
            h.processElement2(new StreamRecord<>(deploy));
            assertThat(h.getSideOutput(SideOutputs.CONTROL_STATUS))
                    .extracting(StreamRecord::getValue)
                    .extracting(ControlStatus::state, ControlStatus::reason)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(ControlStatus.APPLIED, null),
                            org.assertj.core.groups.Tuple.tuple(
                                    ControlStatus.FAILED,
                                    "command d-1.1.0 cannot apply: command id d-1.1.0 was used"
                                            + " before"));
            snapshot = h.snapshot(1, 1);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            assertThat(
                            ((ControlledScoringOperator) restored.getOperator())
                                    .versions()
                                    .timeline()
                                    .commands())
                    .containsExactly(deploy);
        }
    }

    @Test
    void aRetiredVersionIsClosedOnceTheWatermarkPassesItsLastEventTime() throws Exception {
        ModelCommand deploy = deployOfNewVersion(100);
        try (var h = harness()) {
            h.open();
            h.processElement2(new StreamRecord<>(deploy));
            waitForStatus(h);
            h.processElement2(
                    new StreamRecord<>(
                            ModelCommand.of(
                                    "r-1.1.0",
                                    ModelCommand.RETIRE,
                                    TestEvents.MODEL_NAME,
                                    "1.1.0",
                                    500,
                                    0)));
            assertThat(((ControlledScoringOperator) h.getOperator()).versions().deployedCount())
                    .isEqualTo(1);
            h.processWatermark1(new Watermark(499));
            assertThat(((ControlledScoringOperator) h.getOperator()).versions().deployedCount())
                    .isEqualTo(1);
            h.processWatermark1(new Watermark(500));
            assertThat(((ControlledScoringOperator) h.getOperator()).versions().deployedCount())
                    .isZero();
            // A late event of its time loads it again.
            h.processElement1(new StreamRecord<>(at(0, 200), 200));
            h.prepareSnapshotPreBarrier(1);
            assertThat(TestEvents.scores(h))
                    .extracting(OodScore::modelVersion)
                    .containsExactly("1.1.0");
        }
    }

    @Test
    void anIdleEventInputMakesTheOutputIdleWhateverTheCommandInput() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processWatermarkStatus2(WatermarkStatus.ACTIVE);
            h.processWatermarkStatus1(WatermarkStatus.IDLE);
            assertThat(h.getOutput()).containsExactly(WatermarkStatus.IDLE);
        }
    }

    @Test
    void aFixedTimelineScoresEachEventWithTheVersionOfItsTime() throws Exception {
        ModelCommand deploy = deployOfNewVersion(500);
        try (var h =
                new org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness<
                        MonitorEvent, ScoredEvent>(
                        new BatchScoringOperator(settings(), List.of(deploy)))) {
            h.open();
            h.processElement(new StreamRecord<>(at(0, 499), 499));
            h.processElement(new StreamRecord<>(at(1, 500), 500));
            h.prepareSnapshotPreBarrier(1);
            assertThat(TestEvents.scores(h))
                    .extracting(OodScore::modelVersion)
                    .containsExactly("1.0.0", "1.1.0");
        }
    }

    /** Fires the operator's timer until the loader thread has finished and a status is out. */
    private static void waitForStatus(
            TwoInputStreamOperatorTestHarness<MonitorEvent, ModelCommand, ScoredEvent> h)
            throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        long time = h.getProcessingTime();
        while (h.getSideOutput(SideOutputs.CONTROL_STATUS) == null
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            time += 100;
            h.setProcessingTime(time);
        }
        assertThat(h.getSideOutput(SideOutputs.CONTROL_STATUS))
                .as("a status within 60 s")
                .isNotNull();
    }
}
