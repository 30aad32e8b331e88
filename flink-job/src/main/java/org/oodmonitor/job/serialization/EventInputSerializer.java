package org.oodmonitor.job.serialization;

import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.oodmonitor.inference.scoring.EventInput;

/**
 * Flink's serializer of the sealed {@link EventInput}: a tag byte for the kind, then its fields, so
 * that an event's input travels between operators without Kryo (which {@code
 * pipeline.generic-types: false} refuses).
 */
@Internal
public final class EventInputSerializer extends TypeSerializerSingleton<EventInput> {

    private static final long serialVersionUID = 1L;

    /** The one instance: the serializer holds no state. */
    public static final EventInputSerializer INSTANCE = new EventInputSerializer();

    private static final byte IMAGE = 0;
    private static final byte VECTOR = 1;

    @Override
    public boolean isImmutableType() {
        // Records, but with arrays inside: a copy must not share them.
        return false;
    }

    @Override
    public EventInput createInstance() {
        return new EventInput.Vector(new float[0]);
    }

    @Override
    public EventInput copy(EventInput from) {
        if (from instanceof EventInput.Image image) {
            return new EventInput.Image(
                    image.encoding(),
                    image.data().clone(),
                    image.height(),
                    image.width(),
                    image.channels());
        }
        return new EventInput.Vector(((EventInput.Vector) from).values().clone());
    }

    @Override
    public EventInput copy(EventInput from, EventInput reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(EventInput record, DataOutputView target) throws IOException {
        if (record instanceof EventInput.Image image) {
            target.writeByte(IMAGE);
            target.writeUTF(image.encoding());
            target.writeInt(image.height());
            target.writeInt(image.width());
            target.writeInt(image.channels());
            target.writeInt(image.data().length);
            target.write(image.data());
        } else {
            float[] values = ((EventInput.Vector) record).values();
            target.writeByte(VECTOR);
            target.writeInt(values.length);
            for (float v : values) {
                target.writeFloat(v);
            }
        }
    }

    @Override
    public EventInput deserialize(DataInputView source) throws IOException {
        byte kind = source.readByte();
        if (kind == IMAGE) {
            String encoding = source.readUTF();
            int height = source.readInt();
            int width = source.readInt();
            int channels = source.readInt();
            byte[] data = new byte[source.readInt()];
            source.readFully(data);
            return new EventInput.Image(encoding, data, height, width, channels);
        }
        if (kind != VECTOR) {
            throw new IOException("unknown event input kind " + kind);
        }
        float[] values = new float[source.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = source.readFloat();
        }
        return new EventInput.Vector(values);
    }

    @Override
    public EventInput deserialize(EventInput reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<EventInput> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot: nothing to configure, one version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EventInput> {

        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
