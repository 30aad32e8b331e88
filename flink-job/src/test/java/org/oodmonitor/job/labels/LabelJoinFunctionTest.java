package org.oodmonitor.job.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oodmonitor.job.outputs.SideOutputs;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.job.source.ProcessingClock;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.LabelEvent;

/**
 * The label join in event time: labels before or after their scores, scores without labels, labels
 * too late, without a score, twice, or for another model; every score leaves once, every refused
 * label is a dead letter with its reason, and state and timers are gone after the wait.
 */
class LabelJoinFunctionTest {

    private static final long WAIT = 1000;

    private KeyedTwoInputStreamOperatorTestHarness<String, ScoredEvent, LabelRecord, LabelledScore>
            h;

    @BeforeEach
    void open() throws Exception {
        h = harness();
        h.open();
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, ScoredEvent, LabelRecord, LabelledScore>
            harness() throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(
                        new LabelJoinFunction(
                                Duration.ofMillis(WAIT), ProcessingClock.RECORD_TIMESTAMP)),
                LabelJoinFunction::keyOf,
                LabelJoinFunction::keyOf,
                Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private void score(String id, long time, int predicted) throws Exception {
        h.processElement1(
                new StreamRecord<>(
                        LabelTestData.scored(id, time, predicted, -1, false, 0.9), time));
    }

    private void label(String id, int truth, long time, long offset) throws Exception {
        h.processElement2(new StreamRecord<>(LabelTestData.label(id, truth, time, offset), time));
    }

    private void watermark(long time) throws Exception {
        h.processBothWatermarks(new Watermark(time));
    }

    private List<LabelledScore> out() {
        return h.extractOutputValues();
    }

    private List<DeadLetter> deadLetters() {
        var letters = h.getSideOutput(SideOutputs.DEAD_LETTERS);
        if (letters == null) {
            return List.of();
        }
        return letters.stream().map(StreamRecord::getValue).toList();
    }

    private void assertCleanedUp() {
        assertThat(h.numKeyedStateEntries()).as("state cleaned up").isZero();
        assertThat(h.numEventTimeTimers()).as("timers cleaned up").isZero();
    }

    @Test
    void aLabelAfterItsScoreJoinsAtOnceAndTheStateGoesAfterTheWait() throws Exception {
        score("a", 100, 3);
        label("a", 3, 600, 0);

        assertThat(out()).hasSize(1);
        assertThat(out().get(0).isLabelled()).isTrue();
        assertThat(out().get(0).isCorrect()).isTrue();
        watermark(100 + WAIT);
        assertThat(out()).as("one output per score").hasSize(1);
        assertCleanedUp();
    }

    @Test
    void aLabelBeforeItsScoreWaitsForIt() throws Exception {
        label("a", 2, 50, 0);
        watermark(500);
        score("a", 80, 3);

        assertThat(out()).hasSize(1);
        assertThat(out().get(0).isCorrect()).isFalse();
        watermark(50 + WAIT);
        assertThat(h.numKeyedStateEntries())
                .as("kept until the score's own wait is over, to know a second label")
                .isPositive();
        watermark(80 + WAIT);
        assertThat(deadLetters()).isEmpty();
        assertThat(out()).hasSize(1);
        assertCleanedUp();
    }

    @Test
    void aScoreWithoutALabelLeavesUnlabelledWhenTheWaitIsOver() throws Exception {
        score("a", 100, 3);
        watermark(100 + WAIT - 1);
        assertThat(out()).isEmpty();

        watermark(100 + WAIT);

        assertThat(out()).hasSize(1);
        assertThat(out().get(0).isLabelled()).isFalse();
        watermark(100 + 3 * WAIT);
        assertThat(out()).hasSize(1);
        assertCleanedUp();
    }

    @Test
    void aSecondLabelIsADeadLetterAndCountsOnce() throws Exception {
        score("a", 100, 3);
        label("a", 3, 200, 0);
        label("a", 4, 300, 1);

        assertThat(out()).hasSize(1);
        assertThat(out().get(0).label.trueClass).isEqualTo(3);
        assertThat(deadLetters())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.errorCode()).isEqualTo(ErrorCode.DUPLICATE_LABEL);
                            assertThat(d.originalTopic()).isEqualTo("labels");
                            assertThat(d.originalOffset()).isEqualTo(1);
                        });
        watermark(300 + WAIT);
        assertCleanedUp();
    }

    @Test
    void aLabelAfterItsScoresWaitIsTooLate() throws Exception {
        score("a", 100, 3);
        watermark(5000);
        assertThat(out()).singleElement().satisfies(s -> assertThat(s.isLabelled()).isFalse());

        label("a", 3, 200, 7);

        assertThat(out()).hasSize(1);
        assertThat(deadLetters())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.errorCode()).isEqualTo(ErrorCode.LABEL_TOO_LATE);
                            assertThat(d.errorMessage()).contains("ood.labels.max-delay");
                        });
        assertCleanedUp();
    }

    @Test
    void aFreshLabelWhoseScoreLeftUnlabelledIsTooLateNotOrphaned() throws Exception {
        score("a", 100, 3);
        watermark(100 + WAIT);
        assertThat(out()).singleElement().satisfies(s -> assertThat(s.isLabelled()).isFalse());

        // Made just now, but its event's wait is over: too late, not a label without an event.
        label("a", 3, 1500, 8);

        assertThat(deadLetters())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.errorCode()).isEqualTo(ErrorCode.LABEL_TOO_LATE);
                            assertThat(d.errorMessage()).contains("left without it");
                        });
        watermark(100 + 3 * WAIT);
        assertThat(out()).hasSize(1);
        assertCleanedUp();
    }

    @Test
    void aLabelWithoutAScoreIsADeadLetterWhenTheWaitIsOver() throws Exception {
        label("ghost", 3, 200, 9);
        watermark(200 + WAIT);

        assertThat(out()).isEmpty();
        assertThat(deadLetters())
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.errorCode()).isEqualTo(ErrorCode.LABEL_WITHOUT_EVENT);
                            assertThat(d.errorMessage()).contains("ghost");
                            assertThat(d.originalOffset()).isEqualTo(9);
                        });
        assertCleanedUp();
    }

    @Test
    void aLabelForAnotherModelIsADeadLetterAndTheScoreWaitsForItsOwn() throws Exception {
        score("a", 100, 3);
        LabelEvent other = new LabelEvent(1, "a", "cam", "other-model", 3, null, 200, null);
        h.processElement2(
                new StreamRecord<>(
                        new LabelRecord(
                                other,
                                org.oodmonitor.job.source.RawRecord.of(
                                        "labels", 4, new byte[] {1})),
                        200));

        assertThat(out()).isEmpty();
        assertThat(deadLetters())
                .singleElement()
                .satisfies(d -> assertThat(d.errorMessage()).contains("other-model"));

        label("a", 3, 300, 5);

        assertThat(out()).singleElement().satisfies(s -> assertThat(s.isCorrect()).isTrue());
        watermark(300 + WAIT);
        assertCleanedUp();
    }

    @Test
    void theSameEventIdFromTwoSourcesIsTwoEvents() throws Exception {
        score("a", 100, 3);
        h.processElement1(
                new StreamRecord<>(
                        new ScoredEvent(
                                LabelTestData.scored("a", 100, 3, -1, false, 0.9)
                                        .score()
                                        .withSource("other-camera"),
                                null,
                                null,
                                null,
                                0.9),
                        100));
        label("a", 3, 200, 0);
        watermark(100 + WAIT);

        assertThat(out()).hasSize(2);
        assertThat(out())
                .filteredOn(LabelledScore::isLabelled)
                .singleElement()
                .satisfies(s -> assertThat(s.score.source).isEqualTo("cam"));
    }

    @Test
    void aRepeatedScoreLeavesOnce() throws Exception {
        score("a", 100, 3);
        score("a", 100, 3);
        watermark(100 + WAIT);
        score("a", 100, 3);

        assertThat(out()).hasSize(1);
        watermark(100 + 3 * WAIT);
        assertCleanedUp();
    }

    @Test
    void theStateSurvivesASnapshotInTheMiddleOfTheWait() throws Exception {
        score("a", 100, 3);
        label("b", 1, 150, 0);
        var snapshot = h.snapshot(1, 1);
        h.close();

        h = harness();
        h.initializeState(snapshot);
        h.open();
        label("a", 3, 300, 1);
        score("b", 120, 1);
        watermark(150 + WAIT);

        assertThat(out()).hasSize(2).allSatisfy(s -> assertThat(s.isCorrect()).isTrue());
        assertThat(deadLetters()).isEmpty();
        assertCleanedUp();
    }
}
