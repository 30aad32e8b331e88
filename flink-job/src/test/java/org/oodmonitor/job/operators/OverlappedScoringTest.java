package org.oodmonitor.job.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.oodmonitor.job.config.ScoringOptions;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.job.source.MonitorEvent;
import org.oodmonitor.job.source.ProcessingClock;
import org.oodmonitor.schemas.OodScore;

/**
 * Forward passes on an inference thread beside the task thread change nothing the operator emits:
 * the same scores, bit for bit, in the same order, with every watermark after the scores of the
 * events it follows, and nothing left in flight at a checkpoint barrier or at the end of input.
 */
class OverlappedScoringTest {

    private static final int BATCH = 4;

    @Test
    void theSameOutputsInTheSameOrderWithAndWithoutTheInferenceThread() throws Exception {
        List<String> sync = run(false);
        List<String> overlapped = run(true);

        assertThat(overlapped).isEqualTo(sync);
        assertThat(sync).hasSize(10 + 2);
        // The watermark held at 5000 comes after the ten events before it, at the barrier.
        assertThat(sync.indexOf("watermark 5000")).isEqualTo(10);
        assertThat(sync.get(sync.size() - 1)).isEqualTo("watermark " + Long.MAX_VALUE);
    }

    @Test
    void aWatermarkThatArrivesWhileABatchIsInFlightWaitsForItsScores() throws Exception {
        try (var h = harness(true)) {
            h.open();
            for (int i = 0; i < BATCH; i++) {
                h.processElement(TestEvents.fashion(i), 100 + i);
            }
            h.processWatermark(new Watermark(200));
            h.prepareSnapshotPreBarrier(1);
            List<Object> out = new ArrayList<>(h.getOutput());
            assertThat(out).hasSize(BATCH + 1);
            assertThat(out.get(BATCH)).isEqualTo(new Watermark(200));
            assertThat(((BatchScoringOperator) h.getOperator()).buffered()).isZero();
        }
    }

    /** Ten events in batches of four, a watermark while two wait, a barrier, end of input. */
    private static List<String> run(boolean overlap) throws Exception {
        List<String> out = new ArrayList<>();
        try (var h = harness(overlap)) {
            h.open();
            for (int i = 0; i < 10; i++) {
                h.processElement(TestEvents.digit(i * 3), 1000 + i);
            }
            h.processWatermark(new Watermark(5000));
            h.prepareSnapshotPreBarrier(1);
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            for (Object o : h.getOutput()) {
                if (o instanceof StreamRecord<?> r && r.getValue() instanceof ScoredEvent e) {
                    OodScore s = e.score();
                    out.add(s.eventId() + " " + s.score() + " " + s.isOod() + " " + s.alertScore());
                } else if (o instanceof Watermark w) {
                    out.add("watermark " + w.getTimestamp());
                }
            }
        }
        return out;
    }

    private static OneInputStreamOperatorTestHarness<MonitorEvent, ScoredEvent> harness(
            boolean overlap) throws Exception {
        BatchScoringOperator operator =
                new BatchScoringOperator(
                        TestScoring.settings(
                                TestEvents.specs(),
                                ProcessingClock.WALL_CLOCK,
                                c -> {
                                    c.set(ScoringOptions.BATCH_SIZE, BATCH);
                                    c.set(ScoringOptions.BATCH_DELAY, Duration.ofMillis(50));
                                    c.set(ScoringOptions.INFERENCE_OVERLAP, overlap);
                                }));
        return new OneInputStreamOperatorTestHarness<>(operator);
    }
}
