package org.oodmonitor.schemas.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.validation.RecordValidator;
import org.oodmonitor.schemas.validation.ValidationLimits;
import org.oodmonitor.schemas.validation.ValidationReport;

/**
 * Writes records as JSON bytes and refuses to write one that breaks its own schema, so that no
 * topic receives a record its readers would reject. Thread-safe.
 *
 * @param <T> the record type
 */
public final class RecordWriter<T> {

    private final RecordType<T> type;
    private final RecordValidator validator;
    private final ObjectMapper mapper = RecordMapper.create();

    public RecordWriter(RecordType<T> type) {
        this(type, new RecordValidator(ValidationLimits.defaults()));
    }

    public RecordWriter(RecordType<T> type, RecordValidator validator) {
        this.type = type;
        this.validator = validator;
    }

    /**
     * @throws IllegalArgumentException listing every problem when the record is invalid
     */
    public byte[] write(T record) {
        byte[] bytes;
        JsonNode tree;
        try {
            bytes = mapper.writeValueAsBytes(record);
            // Validate what readers will see: byte arrays as base64 text, not binary nodes.
            tree = mapper.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialise " + type.name(), e);
        }
        ValidationReport report = validator.validate(type, tree);
        if (!report.isValid()) {
            throw new IllegalArgumentException(
                    "Refusing to write an invalid " + type.name() + ": " + report.summary());
        }
        return bytes;
    }

    /**
     * Writes a record without reading it back and validating it: for the monitor's own output
     * records on the hot path, where validation costs twice the serialisation (about 30 µs of 45
     * per score). Their conformance is checked where it can fail a build, not a job: every
     * integration test reads the outputs back through {@link RecordReader}, which validates.
     */
    public byte[] writeUnchecked(T record) {
        try {
            return mapper.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialise " + type.name(), e);
        }
    }
}
