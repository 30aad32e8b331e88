package org.oodmonitor.job.operators;

import java.io.Serializable;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.oodmonitor.inference.shift.OodRateCusum;
import org.oodmonitor.job.operators.window.CusumRun;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.ShiftAlert;

/**
 * The sequential shift detector of one source and model version: an {@link OodRateCusum} over its
 * windows, in event-time order, which writes a {@link ShiftAlert} when the evidence that the OOD
 * rate rose passes the threshold, then starts afresh. Windows are the input rather than events, so
 * the state is the same whatever order a window's events arrived in and a replay gives the same
 * alerts. A gap of {@value #IDLE_WINDOWS} window lengths or more without a window starts the
 * evidence afresh, decided from the windows' own times (so a batch replay, whose timers fire only
 * at the end, decides the same); a timer then drops the idle key's state.
 */
@Internal
public final class ShiftDetectorFunction
        extends KeyedProcessFunction<String, OodRateWindow, ShiftAlert> {

    private static final long serialVersionUID = 1L;

    /** Window lengths without a window after which a key's state is dropped. */
    static final int IDLE_WINDOWS = 10;

    private final long windowMs;
    private final double expectedOodRate;
    private final double rateRatio;
    private final long expectedRunEvents;

    private transient OodRateCusum cusum;
    private transient ValueState<CusumRun> run;
    private transient ValueState<Run> legacyRun;
    private transient Counter shiftAlerts;

    /**
     * The run in the state layout of release 0.1 (written with Kryo), kept with its fields so that
     * savepoints of that layout restore; read once per key into a {@link CusumRun}.
     */
    static final class Run implements Serializable {
        private static final long serialVersionUID = 1L;
        double evidence;
        long changePoint;
        long events;
        long ood;
        long windows;
        long lastWindowEnd;
    }

    /** A detector for the windows of {@code settings}. */
    public ShiftDetectorFunction(WindowSettings settings) {
        this(
                settings.size().toMillis(),
                settings.expectedOodRate(),
                settings.shift().rateRatio(),
                settings.shift().expectedRunEvents());
    }

    /**
     * @throws IllegalArgumentException for settings the CUSUM refuses or a non-positive window
     */
    public ShiftDetectorFunction(
            long windowMs, double expectedOodRate, double rateRatio, long expectedRunEvents) {
        if (windowMs <= 0) {
            throw new IllegalArgumentException("window size must be positive, was " + windowMs);
        }
        new OodRateCusum(expectedOodRate, rateRatio, expectedRunEvents);
        this.windowMs = windowMs;
        this.expectedOodRate = expectedOodRate;
        this.rateRatio = rateRatio;
        this.expectedRunEvents = expectedRunEvents;
    }

    /** The key of a window's detector: that of the window, source, model name and version. */
    public static String keyOf(OodRateWindow window) {
        return TumblingOodRateFunction.keyOf(
                window.source(), window.modelName(), window.modelVersion());
    }

    @Override
    public void open(OpenContext context) {
        cusum = new OodRateCusum(expectedOodRate, rateRatio, expectedRunEvents);
        run =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "shift-run-state", TypeInformation.of(CusumRun.class)));
        legacyRun =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "shift-run", LegacyWindowState.kryo(Run.class)));
        shiftAlerts = getRuntimeContext().getMetricGroup().counter("shiftAlerts");
    }

    @Override
    public void processElement(OodRateWindow window, Context ctx, Collector<ShiftAlert> out)
            throws Exception {
        CusumRun r = current();
        long previousEnd = r == null ? 0 : r.lastWindowEnd;
        if (r == null
                || (r.lastWindowEnd > 0
                        && window.windowStart() - r.lastWindowEnd >= IDLE_WINDOWS * windowMs)) {
            r = new CusumRun();
        }
        if (window.eventCount() > 0) {
            double next = cusum.next(r.evidence, window.eventCount(), window.oodCount());
            if (r.evidence == 0 && next > 0) {
                r.changePoint = window.windowStart();
                r.events = 0;
                r.ood = 0;
                r.windows = 0;
            }
            r.evidence = next;
            if (next > 0) {
                r.events += window.eventCount();
                r.ood += window.oodCount();
                r.windows++;
            }
            if (cusum.alarms(next)) {
                out.collect(alert(window, r));
                shiftAlerts.inc();
                r.evidence = 0;
            }
        }
        if (previousEnd > 0) {
            ctx.timerService().deleteEventTimeTimer(previousEnd - 1 + IDLE_WINDOWS * windowMs);
        }
        r.lastWindowEnd = Math.max(previousEnd, window.windowEnd());
        run.update(r);
        ctx.timerService().registerEventTimeTimer(r.lastWindowEnd - 1 + IDLE_WINDOWS * windowMs);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ShiftAlert> out)
            throws Exception {
        CusumRun r = current();
        if (r != null && timestamp >= r.lastWindowEnd - 1 + IDLE_WINDOWS * windowMs) {
            run.clear();
        }
    }

    /** The current key's run: today's layout, else the earlier one's, moved over. */
    private CusumRun current() throws Exception {
        CusumRun r = run.value();
        Run old = r != null ? null : legacyRun.value();
        if (old == null) {
            return r;
        }
        r = new CusumRun();
        r.evidence = old.evidence;
        r.changePoint = old.changePoint;
        r.events = old.events;
        r.ood = old.ood;
        r.windows = old.windows;
        r.lastWindowEnd = old.lastWindowEnd;
        legacyRun.clear();
        run.update(r);
        return r;
    }

    private ShiftAlert alert(OodRateWindow window, CusumRun r) {
        return new ShiftAlert(
                ShiftAlert.VERSION,
                window.source(),
                window.modelName(),
                window.modelVersion(),
                window.modelChecksum(),
                window.windowEnd(),
                r.changePoint,
                ShiftAlert.OOD_RATE,
                r.evidence,
                cusum.threshold(),
                cusum.p0(),
                cusum.p1(),
                r.events == 0 ? 0 : (double) r.ood / r.events,
                r.events,
                r.windows);
    }
}
