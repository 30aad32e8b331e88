package org.oodmonitor.job.replay;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.MapFunction;
import org.oodmonitor.job.serialization.JsonRecordSerializationSchema;
import org.oodmonitor.schemas.RecordType;

/**
 * Writes a record as one line {@code TYPE<tab>JSON}, with the Kafka sinks' serialization, so that a
 * replay can bring records of every type back to the client through one collect sink.
 */
final class TaggedJsonFunction<T> implements MapFunction<T, String> {

    private static final long serialVersionUID = 1L;

    private final String tag;
    private final JsonRecordSerializationSchema<T> json;

    TaggedJsonFunction(String tag, RecordType<T> type) {
        this.tag = tag;
        this.json = new JsonRecordSerializationSchema<>(type);
    }

    @Override
    public String map(T value) {
        return tag + '\t' + new String(json.serialize(value), StandardCharsets.UTF_8);
    }
}
