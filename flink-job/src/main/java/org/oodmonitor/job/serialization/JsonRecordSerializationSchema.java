package org.oodmonitor.job.serialization;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/**
 * Writes the job's own output records as JSON, without validating each one again: they are built by
 * typed code, and the integration tests read every output topic back through the validating {@code
 * RecordReader}; a validation failure here would fail the job on one record.
 */
@PublicEvolving
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
        return writer.writeUnchecked(record);
    }
}
