package org.oodmonitor.job.operators.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.oodmonitor.job.source.MonitorEvent;

/** The buffer's fill level, held watermark and drain, without an operator. */
class MicroBatchBufferTest {

    private static StreamRecord<MonitorEvent> record(long time) {
        return new StreamRecord<>(null, time);
    }

    @Test
    void isFullAtItsBatchSizeAndDrainsEmpty() {
        MicroBatchBuffer buffer = new MicroBatchBuffer(2);
        StreamRecord<MonitorEvent> first = record(1);

        assertThat(buffer.add(first)).isFalse();
        assertThat(buffer.add(record(2))).isTrue();
        MicroBatchBuffer.Drained drained = buffer.drain();

        assertThat(drained.events()).extracting(StreamRecord::getTimestamp).containsExactly(1L, 2L);
        assertThat(drained.events().get(0))
                .as("a copy: Flink may reuse the record it passed in")
                .isNotSameAs(first);
        assertThat(drained.watermark()).isNull();
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.drain().events()).isEmpty();
    }

    @Test
    void holdsTheLatestWatermarkOnlyBehindWaitingEvents() {
        MicroBatchBuffer buffer = new MicroBatchBuffer(8);
        assertThat(buffer.hold(new Watermark(5))).as("nothing waits").isFalse();

        buffer.add(record(1));
        assertThat(buffer.hold(new Watermark(6))).isTrue();
        assertThat(buffer.hold(new Watermark(7))).isTrue();

        assertThat(buffer.drain().watermark()).isEqualTo(new Watermark(7));
        assertThat(buffer.drain().watermark()).as("handed out once").isNull();
    }

    @Test
    void refusesABatchSizeBelowOne() {
        assertThatThrownBy(() -> new MicroBatchBuffer(0))
                .hasMessage("maxBatchSize must be positive: 0");
    }
}
