package org.oodmonitor.job.serialization;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/** Writes records as schema-validated JSON; a record that breaks its schema fails loudly. */
public final class JsonRecordSerializationSchema<T> implements SerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final String typeName;
    private transient RecordWriter<T> writer;

    public JsonRecordSerializationSchema(RecordType<T> type) {
        this.typeName = type.name();
    }

    @Override
    @SuppressWarnings("unchecked")
    public byte[] serialize(T record) {
        if (writer == null) {
            writer = new RecordWriter<>((RecordType<T>) RecordType.byName(typeName));
        }
        return writer.write(record);
    }
}
