package org.oodmonitor.job.labels;

import java.time.Duration;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.oodmonitor.job.operators.WindowKeyCapFunction;
import org.oodmonitor.job.operators.window.SourceRateGauges;
import org.oodmonitor.schemas.QualityWindow;

/**
 * Realized quality per source, model version and tumbling window of the events' times: each window
 * is written once every score in it has left the label join, that is when the watermark passes its
 * end plus {@code ood.labels.max-delay}; its state and timer go with it.
 */
@Internal
public final class QualityWindowFunction
        extends KeyedProcessFunction<String, LabelledScore, QualityWindow> {

    private static final long serialVersionUID = 1L;

    private final long size;
    private final long maxDelay;
    private final int maxGauges;
    private transient MapState<Long, QualityStats> windows;
    private transient Counter tooLate;
    private transient SourceRateGauges accuracy;

    /**
     * @param size the windows' length, as the OOD-rate windows' ({@code ood.window.size})
     * @param maxGauges sources with a {@code realizedAccuracy} gauge of their own
     */
    public QualityWindowFunction(Duration size, Duration maxDelay, int maxGauges) {
        this.size = size.toMillis();
        this.maxDelay = maxDelay.toMillis();
        this.maxGauges = maxGauges;
    }

    /** The key: source, model and version. */
    public static String keyOf(LabelledScore s) {
        return s.score.source + "\u0000" + s.score.modelName + "\u0000" + s.score.modelVersion;
    }

    @Override
    public void open(OpenContext context) {
        windows =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "quality-windows",
                                        Types.LONG,
                                        TypeInformation.of(QualityStats.class)));
        tooLate = getRuntimeContext().getMetricGroup().counter("qualityScoresTooLate");
        accuracy =
                new SourceRateGauges(
                        getRuntimeContext().getMetricGroup(),
                        maxGauges,
                        WindowKeyCapFunction.OTHER,
                        "realizedAccuracy",
                        "currentRealizedAccuracy");
    }

    @Override
    public void processElement(LabelledScore s, Context ctx, Collector<QualityWindow> out)
            throws Exception {
        long start = s.score.eventTime - Math.floorMod(s.score.eventTime, size);
        long emitAt = start + size - 1 + maxDelay;
        if (emitAt <= ctx.timerService().currentWatermark() && !windows.contains(start)) {
            // The window was written already: a score that came later than its own wait.
            tooLate.inc();
            return;
        }
        QualityStats stats = windows.get(start);
        if (stats == null) {
            stats = new QualityStats();
            ctx.timerService().registerEventTimeTimer(emitAt);
        }
        stats.add(s);
        windows.put(start, stats);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<QualityWindow> out)
            throws Exception {
        long start = timestamp - maxDelay - size + 1;
        QualityStats stats = windows.get(start);
        if (stats == null) {
            return;
        }
        windows.remove(start);
        String[] key = ctx.getCurrentKey().split("\u0000", -1);
        QualityWindow record = record(key, start, stats);
        if (record.accuracy() != null) {
            accuracy.publish(record.source(), record.accuracy());
        }
        out.collect(record);
    }

    private QualityWindow record(String[] key, long start, QualityStats stats) {
        return new QualityWindow(
                QualityWindow.VERSION,
                key[0],
                key[1],
                key[2],
                start,
                start + size,
                stats.events,
                stats.labelled,
                stats.events == 0 ? 0 : (double) stats.labelled / stats.events,
                stats.accuracy(),
                stats.labelled == 0 ? null : stats.recall(),
                stats.expectedCalibrationError(),
                stats.labelled - stats.correct,
                stats.errorsOod,
                stats.correctOod,
                stats.errorAuroc(),
                null);
    }
}
