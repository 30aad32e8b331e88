package org.oodmonitor.job.operators;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.oodmonitor.job.outputs.SideOutputs;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.text.Printable;

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
 * <p>The {@code oodRate} gauge per source is bounded like the windows: the first {@code maxGauges}
 * sources a subtask emits windows for get a gauge of their own, later ones share the gauge of
 * source {@value WindowKeyCapFunction#OTHER} (Flink cannot unregister a gauge while the task runs).
 */
@Internal
public final class OodRateWindowFunction
        extends KeyedProcessFunction<String, OodScore, OodRateWindow> {

    private static final long serialVersionUID = 1L;

    private final long sizeMs;
    private final double expectedOodRate;
    private final double falseAlarmProbability;
    private final Double maxOodRate;
    private final int maxGauges;
    private final double windowAlpha;
    private final ShiftReferences references;

    private transient Map<String, ShiftReferences.Served> served;
    private transient Map<String, Double> sourceRates;
    private transient MapState<Long, WindowAccumulator> windows;
    // Apart from the accumulators, so that savepoints taken before shift tests existed restore.
    private transient MapState<Long, WindowShiftCounts> shiftCounts;
    // Likewise, so that savepoints taken before shadow versions existed restore.
    private transient MapState<Long, ShadowAgreementCounts> agreements;
    private transient ValueState<Long> lateCount;
    private transient Counter lateEvents;
    private transient volatile double currentOodRate;

    /** A window function with {@code settings}, as the pipeline builds it. */
    public OodRateWindowFunction(WindowSettings settings) {
        this(
                settings.size().toMillis(),
                settings.expectedOodRate(),
                settings.falseAlarmProbability(),
                settings.maxOodRate(),
                settings.maxKeys(),
                settings.shift().windowAlpha(),
                settings.shift().references());
    }

    /** A window function without shift tests. */
    public OodRateWindowFunction(
            long sizeMs,
            double expectedOodRate,
            double falseAlarmProbability,
            Double maxOodRate,
            int maxGauges) {
        this(
                sizeMs,
                expectedOodRate,
                falseAlarmProbability,
                maxOodRate,
                maxGauges,
                0.001,
                ShiftReferences.none());
    }

    /**
     * @param maxOodRate a fixed rate bound that also flags a window, or null
     * @param maxGauges how many sources get an {@code oodRate} gauge of their own
     * @param windowAlpha the false-flag budget of a window's shift tests together
     * @param references the served models' shift references, read in {@code open()}
     * @throws IllegalArgumentException for a non-positive size or gauge count, or rates outside (0,
     *     1)
     */
    public OodRateWindowFunction(
            long sizeMs,
            double expectedOodRate,
            double falseAlarmProbability,
            Double maxOodRate,
            int maxGauges,
            double windowAlpha,
            ShiftReferences references) {
        if (sizeMs <= 0
                || maxGauges < 1
                || !(windowAlpha > 0 && windowAlpha < 1)
                || !(expectedOodRate > 0 && expectedOodRate < 1)
                || !(falseAlarmProbability > 0 && falseAlarmProbability < 1)
                || (maxOodRate != null && !(maxOodRate > 0 && maxOodRate <= 1))) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "window size and gauges must be positive and rates in (0, 1): size=%d"
                                    + " expected=%s alpha=%s bound=%s gauges=%d shift alpha=%s",
                            sizeMs,
                            expectedOodRate,
                            falseAlarmProbability,
                            maxOodRate,
                            maxGauges,
                            windowAlpha));
        }
        this.sizeMs = sizeMs;
        this.expectedOodRate = expectedOodRate;
        this.falseAlarmProbability = falseAlarmProbability;
        this.maxOodRate = maxOodRate;
        this.maxGauges = maxGauges;
        this.windowAlpha = windowAlpha;
        this.references = references;
    }

    /** The key of a score's window: source, model name and model version. */
    public static String keyOf(OodScore score) {
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
                                        "windows",
                                        TypeInformation.of(Long.class),
                                        TypeInformation.of(WindowAccumulator.class)));
        shiftCounts =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "shift-counts",
                                        TypeInformation.of(Long.class),
                                        TypeInformation.of(WindowShiftCounts.class)));
        agreements =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "shadow-agreement",
                                        TypeInformation.of(Long.class),
                                        TypeInformation.of(ShadowAgreementCounts.class)));
        lateCount =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>("late", TypeInformation.of(Long.class)));
        lateEvents = getRuntimeContext().getMetricGroup().counter("lateEvents");
        getRuntimeContext()
                .getMetricGroup()
                .gauge("currentOodRate", (Gauge<Double>) () -> currentOodRate);
        // Written by the task thread, read by the metric reporter's thread through the gauges.
        sourceRates = new ConcurrentHashMap<>();
    }

    /**
     * Publishes the OOD rate of {@code source}'s latest window as the gauge {@code oodRate} under a
     * {@code source} group (a {@code source} label in Prometheus), or under {@value
     * WindowKeyCapFunction#OTHER} once {@code maxGauges} sources have gauges.
     */
    private void publish(String source, double rate) {
        String gauge =
                sourceRates.containsKey(source) || sourceRates.size() < maxGauges
                        ? source
                        : WindowKeyCapFunction.OTHER;
        if (sourceRates.put(gauge, rate) == null) {
            getRuntimeContext()
                    .getMetricGroup()
                    .addGroup("source", Printable.of(gauge))
                    .gauge("oodRate", (Gauge<Double>) () -> sourceRates.get(gauge));
        }
    }

    @Override
    public void processElement(OodScore score, Context ctx, Collector<OodRateWindow> out)
            throws Exception {
        long time = score.eventTime();
        long start = time - Math.floorMod(time, sizeMs);
        long end = start + sizeMs;
        long watermark = ctx.timerService().currentWatermark();
        if (end - 1 <= watermark) {
            Long late = lateCount.value();
            lateCount.update(late == null ? 1 : late + 1);
            lateEvents.inc();
            ctx.output(SideOutputs.LATE_SCORES, score);
            if (windows.isEmpty()) {
                // Nothing open to carry the count: look again when the next window would close.
                long next = watermark + 1 - Math.floorMod(watermark + 1, sizeMs);
                ctx.timerService().registerEventTimeTimer(next + sizeMs - 1);
            }
            return;
        }
        WindowAccumulator acc = windows.get(start);
        if (acc == null) {
            acc = new WindowAccumulator();
            ctx.timerService().registerEventTimeTimer(end - 1);
        }
        acc.add(score);
        windows.put(start, acc);
        if (score.shadow() != null) {
            ShadowAgreementCounts agreement = agreements.get(start);
            if (agreement == null) {
                agreement = new ShadowAgreementCounts();
            }
            agreement.add(score);
            agreements.put(start, agreement);
        }
        ShiftReferences.Served model = score.modelChecksum() == null ? null : reference(score);
        if (model != null && model.reference() != null) {
            WindowShiftCounts counts = shiftCounts.get(start);
            if (counts == null) {
                counts = new WindowShiftCounts();
            }
            counts.add(score, model.reference());
            shiftCounts.put(start, counts);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OodRateWindow> out)
            throws Exception {
        long start = timestamp + 1 - sizeMs;
        WindowAccumulator acc = windows.get(start);
        if (acc == null) {
            if (windows.isEmpty()) {
                lateCount.clear();
            }
            return;
        }
        windows.remove(start);
        WindowShiftCounts counts = shiftCounts.get(start);
        shiftCounts.remove(start);
        ShadowAgreementCounts agreement = agreements.get(start);
        agreements.remove(start);
        Long late = lateCount.value();
        lateCount.clear();
        out.collect(
                toRecord(
                        acc,
                        counts == null ? new WindowShiftCounts() : counts,
                        agreement,
                        start,
                        late == null ? 0 : late));
    }

    /**
     * The shift reference the score's manifest names: a configured model's, or, the first time a
     * version deployed through the control topic is seen, read from the location its scores carry,
     * so that live and replayed windows test it alike.
     */
    private ShiftReferences.Served reference(OodScore score) {
        ShiftReferences.Served known = served.get(score.modelChecksum());
        if (known == null && score.modelLocation() != null) {
            known = ShiftReferences.deployed(score.modelLocation(), score.modelChecksum());
            served.put(score.modelChecksum(), known);
        }
        return known;
    }

    /** How many {@code oodRate} gauges this subtask registered. */
    int gauges() {
        return sourceRates.size();
    }

    private OodRateWindow toRecord(
            WindowAccumulator acc,
            WindowShiftCounts counts,
            ShadowAgreementCounts agreement,
            long start,
            long late) {
        double rate = (double) acc.oodCount / acc.count;
        currentOodRate = rate;
        publish(acc.source, rate);
        double pValue = BinomialTest.upperTail(acc.oodCount, acc.count, expectedOodRate);
        String reason = null;
        if (pValue < falseAlarmProbability) {
            reason =
                    String.format(
                            Locale.ROOT,
                            "OOD rate %.3f > expected %.3f (binomial p=%.2g < %s)",
                            rate,
                            expectedOodRate,
                            pValue,
                            falseAlarmProbability);
        } else if (maxOodRate != null && rate > maxOodRate) {
            reason = String.format(Locale.ROOT, "OOD rate %.3f > bound %s", rate, maxOodRate);
        }
        String checksum = counts.checksum() != null ? counts.checksum() : acc.modelChecksum;
        WindowShiftTests.Outcome shift =
                WindowShiftTests.run(
                        counts,
                        checksum == null ? null : served.get(checksum),
                        acc.count,
                        windowAlpha);
        if (shift.fired()) {
            String fired = "shift: " + shift.describeFired();
            reason = reason == null ? fired : reason + "; " + fired;
        }
        return new OodRateWindow(
                OodRateWindow.VERSION,
                acc.source,
                acc.modelName,
                acc.modelVersion,
                acc.modelChecksum,
                start,
                start + sizeMs,
                acc.count,
                acc.oodCount,
                rate,
                acc.mean(),
                acc.quantiles(),
                acc.classCounts,
                late,
                expectedOodRate,
                pValue,
                reason != null,
                reason,
                shift.tests(),
                shift.skipped(),
                agreement == null ? null : agreement.agreements());
    }
}
