package org.oodmonitor.job.serialization;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.oodmonitor.inference.scoring.EventInput;

/**
 * Flink's type of the sealed {@link EventInput}, served by {@link EventInputSerializer}; a field
 * annotated with {@code @TypeInfo(EventInputTypeInfo.Factory.class)} gets it.
 */
@Internal
public final class EventInputTypeInfo extends TypeInformation<EventInput> {

    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final EventInputTypeInfo INSTANCE = new EventInputTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<EventInput> getTypeClass() {
        return EventInput.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<EventInput> createSerializer(SerializerConfig config) {
        return EventInputSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "EventInput";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof EventInputTypeInfo;
    }

    @Override
    public int hashCode() {
        return EventInputTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof EventInputTypeInfo;
    }

    /** What the {@code @TypeInfo} annotation names. */
    public static final class Factory extends TypeInfoFactory<EventInput> {

        @Override
        public TypeInformation<EventInput> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return INSTANCE;
        }
    }
}
