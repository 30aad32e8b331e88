package org.oodmonitor.job.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.oodmonitor.schemas.QualityWindow;

/**
 * A window's quality record is written once its scores' wait is over, not before, with the counts
 * of its own events only; its state and timer go with it.
 */
class QualityWindowFunctionTest {

    private static final long SIZE = 1000;
    private static final long WAIT = 5000;

    private static LabelledScore at(long time, int predicted, Integer truth) {
        ScoreFacts s =
                ScoreFacts.of(LabelTestData.scored("e" + time, time, predicted, -1, false, 0.9));
        return new LabelledScore(
                s, truth == null ? null : LabelFacts.of(LabelTestData.label("e", truth, time, 0)));
    }

    @Test
    void eachWindowIsWrittenWhenItsWaitIsOverWithItsOwnCounts() throws Exception {
        try (var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new QualityWindowFunction(
                                        Duration.ofMillis(SIZE), Duration.ofMillis(WAIT), 10)),
                        QualityWindowFunction::keyOf,
                        Types.STRING)) {
            h.open();
            h.processElement(at(100, 1, 1), 100);
            h.processElement(at(200, 1, 2), 200);
            h.processElement(at(300, 1, null), 300);
            h.processElement(at(1500, 2, 2), 1500);

            h.processWatermark(new Watermark(SIZE + WAIT - 2));
            assertThat(h.extractOutputValues()).as("the first window's wait is not over").isEmpty();

            h.processWatermark(new Watermark(SIZE + WAIT - 1));
            assertThat(h.extractOutputValues()).hasSize(1);
            QualityWindow first = h.extractOutputValues().get(0);
            assertThat(first.source()).isEqualTo("cam");
            assertThat(first.modelName()).isEqualTo("fashion");
            assertThat(first.modelVersion()).isEqualTo("1.0.0");
            assertThat(first.windowStart()).isZero();
            assertThat(first.windowEnd()).isEqualTo(SIZE);
            assertThat(first.eventCount()).isEqualTo(3);
            assertThat(first.labelledCount()).isEqualTo(2);
            assertThat(first.labelledShare()).isEqualTo(2.0 / 3);
            assertThat(first.accuracy()).isEqualTo(0.5);
            assertThat(first.errors()).isEqualTo(1);
            assertThat(first.classRecall()).containsEntry("1", 1.0).containsEntry("2", 0.0);

            h.processWatermark(new Watermark(2 * SIZE + WAIT));
            assertThat(h.extractOutputValues()).hasSize(2);
            assertThat(h.extractOutputValues().get(1).accuracy()).isEqualTo(1.0);
            assertThat(h.numKeyedStateEntries()).as("state cleaned up").isZero();
            assertThat(h.numEventTimeTimers()).as("timers cleaned up").isZero();
        }
    }
}
