package org.oodmonitor.job.operators;

import java.util.HashMap;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.oodmonitor.job.operators.window.ShadowCounts;
import org.oodmonitor.job.operators.window.ShiftCounts;
import org.oodmonitor.job.operators.window.WindowState;

/**
 * Reads the open windows of a savepoint in the state layout of release 0.1 (three map states per
 * key, written with Kryo) into today's {@link WindowState}, each the first time its window is
 * touched, and removes them; also where generic types are now disabled ({@code
 * pipeline.generic-types: false}), since it makes those serializers itself. To be removed once no
 * savepoint of release 0.1 needs restoring.
 */
@Internal
@SuppressWarnings("deprecation") // it reads the earlier layout's classes, and only it does
final class LegacyWindowState {

    private final MapState<Long, WindowAccumulator> windows;
    private final MapState<Long, WindowShiftCounts> shiftCounts;
    private final MapState<Long, ShadowAgreementCounts> agreements;

    private LegacyWindowState(
            MapState<Long, WindowAccumulator> windows,
            MapState<Long, WindowShiftCounts> shiftCounts,
            MapState<Long, ShadowAgreementCounts> agreements) {
        this.windows = windows;
        this.shiftCounts = shiftCounts;
        this.agreements = agreements;
    }

    /**
     * The earlier layout's states, with Kryo serializers made here, as that layout's job made them
     * (default settings), so that they restore even where generic types are now disabled.
     */
    static LegacyWindowState register(RuntimeContext context) {
        return new LegacyWindowState(
                context.getMapState(descriptor("windows", WindowAccumulator.class)),
                context.getMapState(descriptor("shift-counts", WindowShiftCounts.class)),
                context.getMapState(descriptor("shadow-agreement", ShadowAgreementCounts.class)));
    }

    private static <T> MapStateDescriptor<Long, T> descriptor(String name, Class<T> type) {
        return new MapStateDescriptor<>(name, LongSerializer.INSTANCE, kryo(type));
    }

    /** The Kryo serializer of {@code type} under default settings, as release 0.1 used. */
    static <T> KryoSerializer<T> kryo(Class<T> type) {
        return new KryoSerializer<>(type, new SerializerConfigImpl());
    }

    /**
     * The current key's window starting at {@code start} in the earlier layout, taken out; or null.
     */
    WindowState take(long start) throws Exception {
        WindowAccumulator acc = windows.get(start);
        if (acc == null) {
            return null;
        }
        WindowState state = new WindowState();
        state.count = acc.count;
        state.oodCount = acc.oodCount;
        state.scoreSum = acc.scoreSum;
        state.source = acc.source;
        state.modelName = acc.modelName;
        state.modelVersion = acc.modelVersion;
        state.modelChecksum = acc.modelChecksum;
        state.classCounts = new HashMap<>(acc.classCounts);
        state.sketch.negative = new HashMap<>(acc.sketch.negative);
        state.sketch.positive = new HashMap<>(acc.sketch.positive);
        state.sketch.zeros = acc.sketch.zeros;
        state.sketch.count = acc.sketch.count;
        WindowShiftCounts shift = shiftCounts.get(start);
        if (shift != null) {
            state.shift = new ShiftCounts();
            state.shift.classes = new HashMap<>(shift.classes);
            state.shift.bins = new HashMap<>(shift.bins);
            state.shift.checksum = shift.checksum;
        }
        ShadowAgreementCounts agreement = agreements.get(start);
        if (agreement != null) {
            state.shadow = new ShadowCounts();
            state.shadow.counts = new HashMap<>(agreement.counts);
        }
        windows.remove(start);
        shiftCounts.remove(start);
        agreements.remove(start);
        return state;
    }

    /** Whether the current key has no window left in the earlier layout. */
    boolean isEmpty() throws Exception {
        return windows.isEmpty();
    }
}
