package org.oodmonitor.job.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.oodmonitor.inference.shift.BinnedReference;
import org.oodmonitor.inference.shift.ShiftReference;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.ShadowVerdict;

/** The window and detector state are Flink POJOs, and survive Flink's own serializer whole. */
class WindowStateTest {

    @Test
    void everyStateTypeIsAPojoWithoutGenericFields() {
        SerializerConfigImpl noGenericTypes = new SerializerConfigImpl();
        noGenericTypes.setGenericTypes(false);
        for (Class<?> type :
                List.of(
                        WindowState.class,
                        ScoreSketch.class,
                        ShiftCounts.class,
                        ShadowCounts.class,
                        CusumRun.class)) {
            TypeInformation<?> info = TypeInformation.of(type);
            assertThat(info).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
            // Throws for a field that would need Kryo.
            assertThat(info.createSerializer(noGenericTypes)).isNotNull();
        }
    }

    @Test
    void aFilledWindowComesBackEqualThroughItsSerializer() throws Exception {
        ShiftReference reference =
                new ShiftReference(
                        List.of(1L, 1L),
                        Map.of(
                                ShiftReference.MDS,
                                new BinnedReference(List.of(-1.5), List.of(1L, 1L))),
                        2,
                        "validation");
        WindowState state = new WindowState();
        for (int i = 0; i < 50; i++) {
            OodScore score = score(i);
            state.add(
                    score, i % 3 == 0 ? new ShadowVerdict("2", "c", i % 2 == 0) : null, reference);
        }
        TypeSerializer<WindowState> serializer =
                TypeInformation.of(WindowState.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(state, out);
        WindowState back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(back.count).isEqualTo(50);
        assertThat(back.quantiles()).isEqualTo(state.quantiles());
        assertThat(back.mean()).isEqualTo(state.mean());
        assertThat(back.sortedClassCounts()).isEqualTo(state.sortedClassCounts());
        assertThat(back.shift.classCounts(2)).containsExactly(state.shift.classCounts(2));
        assertThat(back.shift.bins("mds", 2)).containsExactly(state.shift.bins("mds", 2));
        assertThat(back.shadow.agreements()).isEqualTo(state.shadow.agreements());
    }

    private static OodScore score(int i) {
        double s = -1 - (i % 7) / 5.0;
        return new OodScore(
                OodScore.VERSION,
                "e" + i,
                "cam",
                i,
                "fashion",
                "1.0.0",
                "f".repeat(64),
                i % 2,
                i % 2 == 0 ? "Bag" : "Coat",
                -s,
                s,
                -1.5,
                s < -1.5,
                null,
                i,
                null,
                null,
                null,
                null,
                null);
    }
}
