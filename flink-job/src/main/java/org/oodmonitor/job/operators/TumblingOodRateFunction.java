package org.oodmonitor.job.operators;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.oodmonitor.inference.shift.ShiftReference;
import org.oodmonitor.job.operators.window.SourceRateGauges;
import org.oodmonitor.job.operators.window.WindowState;
import org.oodmonitor.job.outputs.SideOutputs;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;

/**
 * Event-time tumbling windows of OOD rates per key (source, model and version). A window is emitted
 * when the watermark passes its end, then its state and timer are gone. It is flagged when a
 * one-sided binomial test finds its OOD count too high for the rate expected at the calibrated
 * threshold ({@code p_value < falseAlarmProbability}), or when its rate is above a fixed bound, if
 * one is set.
 *
 * <p>An event whose window has already been emitted is late: it goes to {@link
 * SideOutputs#LATE_SCORES} and is counted in the {@code late_event_count} of the next window
 * emitted for its key, when that window opens before the next window boundary passes; otherwise the
 * count is dropped with the key's state (the event stays in the {@code lateEvents} metric and the
 * late-scores output), so that late events of keys that never send again leave nothing behind.
 *
 * <p>Each open window is one typed {@link WindowState} (a Flink POJO, no Kryo) in one map state;
 * {@link WindowFlags} turns it into its record, and {@link SourceRateGauges} publishes the rates,
 * as many gauges as {@code maxGauges} and the rest under source {@value
 * WindowKeyCapFunction#OTHER}. Windows of a savepoint in the earlier layout are read once, when
 * first touched ({@link LegacyWindowState}).
 */
@Internal
public final class TumblingOodRateFunction
        extends KeyedProcessFunction<String, ScoredEvent, OodRateWindow> {

    private static final long serialVersionUID = 1L;

    private final long sizeMs;
    private final int maxGauges;
    private final WindowFlags flags;
    private final ShiftReferences references;

    private transient Map<String, ShiftReferences.Served> served;
    private transient MapState<Long, WindowState> windows;
    private transient ValueState<Long> lateCount;
    private transient LegacyWindowState legacy;
    private transient Counter lateEvents;
    private transient SourceRateGauges gauges;

    /** A window function with {@code settings}, which check themselves. */
    public TumblingOodRateFunction(WindowSettings settings) {
        this.sizeMs = settings.size().toMillis();
        this.maxGauges = settings.maxKeys();
        this.flags =
                new WindowFlags(
                        sizeMs,
                        settings.expectedOodRate(),
                        settings.falseAlarmProbability(),
                        settings.maxOodRate(),
                        settings.shift().windowAlpha());
        this.references = settings.shift().references();
    }

    /** The key of a score's window: source, model name and model version. */
    public static String keyOf(ScoredEvent event) {
        OodScore score = event.score();
        return keyOf(score.source(), score.modelName(), score.modelVersion());
    }

    /** The key of the windows of {@code source} scored by this model version. */
    static String keyOf(String source, String modelName, String modelVersion) {
        return source + "|" + modelName + "|" + modelVersion;
    }

    @Override
    public void open(OpenContext context) throws IOException {
        served = new HashMap<>(references.load());
        windows =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "window-state",
                                        TypeInformation.of(Long.class),
                                        TypeInformation.of(WindowState.class)));
        lateCount =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>("late", TypeInformation.of(Long.class)));
        legacy = LegacyWindowState.register(getRuntimeContext());
        lateEvents = getRuntimeContext().getMetricGroup().counter("lateEvents");
        gauges =
                new SourceRateGauges(
                        getRuntimeContext().getMetricGroup(),
                        maxGauges,
                        WindowKeyCapFunction.OTHER);
    }

    @Override
    public void processElement(ScoredEvent event, Context ctx, Collector<OodRateWindow> out)
            throws Exception {
        OodScore score = event.score();
        long time = score.eventTime();
        long start = time - Math.floorMod(time, sizeMs);
        long end = start + sizeMs;
        long watermark = ctx.timerService().currentWatermark();
        if (end - 1 <= watermark) {
            Long late = lateCount.value();
            lateCount.update(late == null ? 1 : late + 1);
            lateEvents.inc();
            ctx.output(SideOutputs.LATE_SCORES, score);
            if (noOpenWindow()) {
                // Nothing open to carry the count: look again when the next window would close.
                long next = watermark + 1 - Math.floorMod(watermark + 1, sizeMs);
                ctx.timerService().registerEventTimeTimer(next + sizeMs - 1);
            }
            return;
        }
        WindowState state = windowAt(start);
        if (state == null) {
            state = new WindowState();
            ctx.timerService().registerEventTimeTimer(end - 1);
        }
        state.add(score, event.shadow(), reference(event));
        windows.put(start, state);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OodRateWindow> out)
            throws Exception {
        long start = timestamp + 1 - sizeMs;
        WindowState state = windowAt(start);
        if (state == null) {
            if (noOpenWindow()) {
                lateCount.clear();
            }
            return;
        }
        windows.remove(start);
        Long late = lateCount.value();
        lateCount.clear();
        OodRateWindow record = flags.record(state, start, late == null ? 0 : late, served);
        gauges.publish(record.source(), record.oodRate());
        out.collect(record);
    }

    /** The current key's window at {@code start}: today's layout, else the earlier one's. */
    private WindowState windowAt(long start) throws Exception {
        WindowState state = windows.get(start);
        return state != null ? state : legacy.take(start);
    }

    private boolean noOpenWindow() throws Exception {
        return windows.isEmpty() && legacy.isEmpty();
    }

    /**
     * The shift reference the score's manifest names, or null: a configured model's, or, the first
     * time a version deployed through the control topic is seen, read from the location its scores
     * carry, so that live and replayed windows test it alike.
     */
    private ShiftReference reference(ScoredEvent event) {
        OodScore score = event.score();
        if (score.modelChecksum() == null) {
            return null;
        }
        ShiftReferences.Served known = served.get(score.modelChecksum());
        if (known == null && event.modelLocation() != null) {
            known = ShiftReferences.deployed(event.modelLocation(), score.modelChecksum());
            served.put(score.modelChecksum(), known);
        }
        return known == null ? null : known.reference();
    }

    /** How many {@code oodRate} gauges this subtask registered. */
    @VisibleForTesting
    int gauges() {
        return gauges.count();
    }
}
