package org.oodmonitor.job.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.oodmonitor.inference.scoring.EventInput;
import org.oodmonitor.job.source.MonitorEvent;
import org.oodmonitor.job.source.RawRecord;

/**
 * The event on the stream carries its sealed input through Flink's own serializers, without Kryo:
 * images and vectors come back equal, copies share no array, and the snapshot restores the same
 * serializer.
 */
class EventInputSerializerTest {

    private static final EventInput.Image IMAGE =
            new EventInput.Image("raw", new byte[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
    private static final EventInput.Vector VECTOR =
            new EventInput.Vector(new float[] {0.5f, -1f, Float.MIN_VALUE, 3e8f});

    @Test
    void theEventIsAPojoWhoseInputHasItsOwnTypeAndNeedsNoKryo() {
        SerializerConfigImpl noGenericTypes = new SerializerConfigImpl();
        noGenericTypes.setGenericTypes(false);

        TypeInformation<MonitorEvent> info = TypeInformation.of(MonitorEvent.class);

        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        PojoTypeInfo<MonitorEvent> pojo = (PojoTypeInfo<MonitorEvent>) info;
        assertThat(pojo.getTypeAt(pojo.getFieldIndex("input")))
                .isEqualTo(EventInputTypeInfo.INSTANCE);
        // Throws for a field that would need Kryo.
        assertThat(info.createSerializer(noGenericTypes)).isNotNull();
    }

    @Test
    void imagesAndVectorsComeBackEqualInsideTheirEvent() throws Exception {
        TypeSerializer<MonitorEvent> serializer =
                TypeInformation.of(MonitorEvent.class).createSerializer(new SerializerConfigImpl());
        for (EventInput input : new EventInput[] {IMAGE, VECTOR}) {
            MonitorEvent event =
                    new MonitorEvent(
                            "e1",
                            "cam",
                            "fashion",
                            42L,
                            input,
                            Map.of("k", "v"),
                            RawRecord.of("images", 7, new byte[] {9}));
            DataOutputSerializer out = new DataOutputSerializer(64);
            serializer.serialize(event, out);
            MonitorEvent back =
                    serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

            assertThat(back).usingRecursiveComparison().isEqualTo(event);
            assertThat(back.isImage()).isEqualTo(input instanceof EventInput.Image);
        }
    }

    @Test
    void aCopySharesNoArrayWithItsOriginal() {
        EventInput.Image image = (EventInput.Image) EventInputSerializer.INSTANCE.copy(IMAGE);
        EventInput.Vector vector = (EventInput.Vector) EventInputSerializer.INSTANCE.copy(VECTOR);

        assertThat(image).usingRecursiveComparison().isEqualTo(IMAGE);
        assertThat(image.data()).isNotSameAs(IMAGE.data());
        assertThat(vector.values()).containsExactly(VECTOR.values());
        assertThat(vector.values()).isNotSameAs(VECTOR.values());
    }

    @Test
    void copyingSerializedBytesGivesTheSameBytes() throws Exception {
        for (EventInput input : new EventInput[] {IMAGE, VECTOR}) {
            DataOutputSerializer first = new DataOutputSerializer(64);
            EventInputSerializer.INSTANCE.serialize(input, first);
            DataOutputSerializer second = new DataOutputSerializer(64);

            EventInputSerializer.INSTANCE.copy(
                    new DataInputDeserializer(first.getCopyOfBuffer()), second);

            assertThat(second.getCopyOfBuffer()).isEqualTo(first.getCopyOfBuffer());
        }
    }

    @Test
    void theSnapshotRestoresACompatibleSerializer() throws Exception {
        TypeSerializerSnapshot<EventInput> snapshot =
                EventInputSerializer.INSTANCE.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<EventInput> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());

        assertThat(read.restoreSerializer()).isSameAs(EventInputSerializer.INSTANCE);
        assertThat(
                        EventInputSerializer.INSTANCE
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(read)
                                .isCompatibleAsIs())
                .isTrue();
    }
}
