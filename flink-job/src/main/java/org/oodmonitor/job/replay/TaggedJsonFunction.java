package org.oodmonitor.job.replay;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.MapFunction;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/**
 * Writes a record as one line {@code TYPE<tab>JSON}, so that a replay can bring records of every
 * type back to the client through one collect sink.
 */
final class TaggedJsonFunction<T> implements MapFunction<T, String> {

    private static final long serialVersionUID = 1L;

    private final String tag;
    private final String typeName;
    private transient RecordWriter<T> writer;

    TaggedJsonFunction(String tag, RecordType<T> type) {
        this.tag = tag;
        this.typeName = type.name();
    }

    @Override
    @SuppressWarnings("unchecked")
    public String map(T value) {
        if (writer == null) {
            writer = new RecordWriter<>((RecordType<T>) RecordType.byName(typeName));
        }
        return tag + '\t' + new String(writer.write(value), StandardCharsets.UTF_8);
    }
}
