package org.oodmonitor.job.operators;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.schemas.OodScore;

/**
 * Caps the number of sources that get windows of their own, per model and window: the first {@code
 * maxKeys} sources seen in a window keep their name, later ones are pooled under {@value #OTHER}
 * (counted by the {@code windowKeysPooled} metric). A late score keeps its source only when that
 * source has a window open here, else it is pooled too. So a client that sends random source names,
 * on time or late, cannot make the window operator hold unbounded state. Keyed by model name and
 * version; the state of a window is removed when the watermark passes its end.
 */
@Internal
public final class WindowKeyCapFunction
        extends KeyedProcessFunction<String, ScoredEvent, ScoredEvent> {

    private static final long serialVersionUID = 1L;

    /** The source name of pooled sources. */
    public static final String OTHER = "other";

    private final long sizeMs;
    private final int maxKeys;

    /** {@code windowStart|source} of every admitted source. */
    private transient MapState<String, Boolean> admitted;

    /** Admitted sources per window start. */
    private transient MapState<Long, Integer> counts;

    private transient Counter pooled;

    /** A key cap with {@code settings}, as the pipeline builds it. */
    public WindowKeyCapFunction(WindowSettings settings) {
        this.sizeMs = settings.size().toMillis();
        this.maxKeys = settings.maxKeys();
    }

    /** The key of a score's model: name and version. */
    public static String modelOf(ScoredEvent event) {
        return event.score().modelName() + "|" + event.score().modelVersion();
    }

    @Override
    public void open(OpenContext context) {
        admitted =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "admitted",
                                        TypeInformation.of(String.class),
                                        TypeInformation.of(Boolean.class)));
        counts =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "counts",
                                        TypeInformation.of(Long.class),
                                        TypeInformation.of(Integer.class)));
        pooled = getRuntimeContext().getMetricGroup().counter("windowKeysPooled");
    }

    @Override
    public void processElement(ScoredEvent event, Context ctx, Collector<ScoredEvent> out)
            throws Exception {
        OodScore score = event.score();
        long start = score.eventTime() - Math.floorMod(score.eventTime(), sizeMs);
        if (start + sizeMs - 1 <= ctx.timerService().currentWatermark()) {
            // Late: the window operator counts it in the source's next window, so a source that
            // has no open window here would open late-count state of its own: pooled instead.
            if (admittedInOpenWindow(score.source())) {
                out.collect(event);
            } else {
                pooled.inc();
                out.collect(event.withSource(OTHER));
            }
            return;
        }
        String key = start + "|" + score.source();
        if (admitted.contains(key)) {
            out.collect(event);
            return;
        }
        Integer count = counts.get(start);
        if (count == null) {
            count = 0;
            ctx.timerService().registerEventTimeTimer(start + sizeMs - 1);
        }
        if (count < maxKeys) {
            admitted.put(key, true);
            counts.put(start, count + 1);
            out.collect(event);
        } else {
            pooled.inc();
            out.collect(event.withSource(OTHER));
        }
    }

    private boolean admittedInOpenWindow(String source) throws Exception {
        for (Long open : counts.keys()) {
            if (admitted.contains(open + "|" + source)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ScoredEvent> out)
            throws Exception {
        long start = timestamp + 1 - sizeMs;
        counts.remove(start);
        String prefix = start + "|";
        java.util.List<String> done = new java.util.ArrayList<>();
        for (String key : admitted.keys()) {
            if (key.startsWith(prefix)) {
                done.add(key);
            }
        }
        for (String key : done) {
            admitted.remove(key);
        }
    }
}
