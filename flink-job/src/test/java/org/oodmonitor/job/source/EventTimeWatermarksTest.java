package org.oodmonitor.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.ErrorCode;

/** Dead letters neither move the watermark nor keep an input from becoming idle. */
class EventTimeWatermarksTest {

    /** What a generator told its output, in order. */
    private static final class Recorded implements WatermarkOutput {
        final List<String> calls = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            calls.add("wm " + watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            calls.add("idle");
        }

        @Override
        public void markActive() {
            calls.add("active");
        }
    }

    private static ParsedRecord event(long time) {
        return ParsedRecord.of(
                new MonitorEvent(
                        "e",
                        "s",
                        null,
                        time,
                        new org.oodmonitor.inference.scoring.EventInput.Vector(new float[] {1}),
                        null,
                        RawRecord.of("t", 0, new byte[] {1})));
    }

    private static ParsedRecord deadLetter(long kafkaTime) {
        return ParsedRecord.failed(
                DeadLetter.of(
                        "t", 0, 1, kafkaTime, null, null, 10, ErrorCode.EMPTY_RECORD, "x", 0));
    }

    @Test
    void watermarkFollowsEventsOnlyNeverDeadLetters() {
        var generator = new EventTimeWatermarks(Duration.ofMillis(100), Duration.ZERO);
        Recorded out = new Recorded();
        generator.onEvent(event(1_000), 1_000, out);
        ParsedRecord far = deadLetter(9_000_000_000_000L);
        generator.onEvent(far, far.timestamp(), out);
        generator.onPeriodicEmit(out);
        assertThat(out.calls).containsExactly("wm 899");
    }

    @Test
    void inputWithOnlyDeadLettersBecomesIdleAndAnEventMakesItActiveAgain() {
        long[] now = {0};
        var generator =
                new EventTimeWatermarks(
                        Duration.ofMillis(100), Duration.ofMillis(50), () -> now[0]);
        Recorded out = new Recorded();
        generator.onEvent(event(1_000), 1_000, out);
        generator.onPeriodicEmit(out);
        // 120 ms of dead letters, one every 5 ms: no valid event for longer than the idleness.
        for (int ms = 5; ms <= 120; ms += 5) {
            now[0] = Duration.ofMillis(ms).toNanos();
            generator.onEvent(deadLetter(5), 5, out);
        }
        generator.onPeriodicEmit(out);
        generator.onPeriodicEmit(out);
        generator.onEvent(event(2_000), 2_000, out);
        generator.onPeriodicEmit(out);
        assertThat(out.calls).containsExactly("wm 899", "idle", "active", "wm 1899");
    }
}
