package org.oodmonitor.job.operators.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.oodmonitor.job.source.MonitorEvent;

/**
 * The events waiting for the next forward pass, and the watermark held back behind them: a
 * watermark must not overtake events that arrived before it, and flushing at every watermark would
 * cut batches short several times a second.
 */
@Internal
public final class MicroBatchBuffer {

    private final int maxBatchSize;
    private List<StreamRecord<MonitorEvent>> events;
    private Watermark held;

    /** An empty buffer that is full at {@code maxBatchSize} events. */
    public MicroBatchBuffer(int maxBatchSize) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be positive: " + maxBatchSize);
        }
        this.maxBatchSize = maxBatchSize;
        this.events = new ArrayList<>(maxBatchSize);
    }

    /** The events and the watermark that followed them, taken out of a buffer. */
    public record Drained(List<StreamRecord<MonitorEvent>> events, Watermark watermark) {}

    /** Adds a copy of {@code record}; true when the buffer is then full. */
    public boolean add(StreamRecord<MonitorEvent> record) {
        events.add(record.copy(record.getValue()));
        return events.size() >= maxBatchSize;
    }

    /**
     * Holds {@code mark} behind the buffered events; false, holding nothing, when none wait.
     * Watermarks only rise, so the latest one stands for every one held before it.
     */
    public boolean hold(Watermark mark) {
        if (events.isEmpty()) {
            return false;
        }
        held = mark;
        return true;
    }

    /** Number of events waiting. */
    public int size() {
        return events.size();
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }

    /** Takes out the events and the held watermark, leaving the buffer empty. */
    public Drained drain() {
        Drained drained = new Drained(events, held);
        events = new ArrayList<>(maxBatchSize);
        held = null;
        return drained;
    }
}
