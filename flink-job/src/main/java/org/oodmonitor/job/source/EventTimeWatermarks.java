package org.oodmonitor.job.source;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The job's watermarks: bounded out-of-orderness over the event times of valid events, and idleness
 * after a while without valid events. A dead letter neither moves a watermark nor keeps an input
 * active (Flink's own idleness would count it as activity, so a partition that sends only garbage
 * would hold every window back). Given to the Kafka source, this runs per partition, so a lagging
 * partition does not lose its events as late and an idle one does not stall windows.
 */
@Internal
public final class EventTimeWatermarks implements WatermarkGenerator<ParsedRecord> {

    private final BoundedOutOfOrdernessWatermarks<ParsedRecord> events;
    private final long idlenessNanos;
    private final LongSupplier nanoClock;
    private long lastEventNanos;
    private boolean idle;

    /**
     * @param idleness after how long without valid events the input is idle; zero for never
     */
    EventTimeWatermarks(Duration outOfOrderness, Duration idleness) {
        this(outOfOrderness, idleness, System::nanoTime);
    }

    /**
     * @param nanoClock a monotonic clock in nanoseconds, for idleness
     */
    EventTimeWatermarks(Duration outOfOrderness, Duration idleness, LongSupplier nanoClock) {
        this.events = new BoundedOutOfOrdernessWatermarks<>(outOfOrderness);
        this.idlenessNanos = idleness.toNanos();
        this.nanoClock = nanoClock;
        this.lastEventNanos = nanoClock.getAsLong();
    }

    /** The strategy for inputs whose events may be {@code outOfOrderness} out of order. */
    public static WatermarkStrategy<ParsedRecord> strategy(
            Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<ParsedRecord>forGenerator(
                        ctx -> new EventTimeWatermarks(outOfOrderness, idleness))
                .withTimestampAssigner((record, previous) -> record.timestamp());
    }

    @Override
    public void onEvent(ParsedRecord record, long timestamp, WatermarkOutput output) {
        if (!record.isEvent()) {
            return;
        }
        events.onEvent(record, timestamp, output);
        lastEventNanos = nanoClock.getAsLong();
        if (idle) {
            idle = false;
            output.markActive();
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (idlenessNanos > 0 && nanoClock.getAsLong() - lastEventNanos > idlenessNanos) {
            if (!idle) {
                idle = true;
                output.markIdle();
            }
            return;
        }
        events.onPeriodicEmit(output);
    }
}
