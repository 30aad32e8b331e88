package org.oodmonitor.schemas.serialization;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.validation.RecordValidator;
import org.oodmonitor.schemas.validation.ValidationLimits;
import org.oodmonitor.schemas.validation.ValidationProblem;
import org.oodmonitor.schemas.validation.ValidationReport;

/**
 * Reads JSON bytes into a validated record of the current version; accepts the current and the
 * previous schema version. Never throws on bad input. Thread-safe.
 *
 * @param <T> the record type
 */
public final class RecordReader<T> {

    private final RecordType<T> type;
    private final RecordValidator validator;
    private final ObjectMapper mapper = RecordMapper.create();

    public RecordReader(RecordType<T> type, ValidationLimits limits) {
        this(type, new RecordValidator(limits));
    }

    public RecordReader(RecordType<T> type, RecordValidator validator) {
        this.type = type;
        this.validator = validator;
    }

    public RecordType<T> type() {
        return type;
    }

    /** Reads one record; a null or empty input is malformed JSON. */
    public ReadResult<T> read(byte[] bytes) {
        int max = validator.limits().maxRecordBytes();
        if (bytes != null && bytes.length > max) {
            return fail(
                    ErrorCode.OVERSIZED_RECORD,
                    new ValidationProblem(
                            "$", "record is " + bytes.length + " bytes, the limit is " + max));
        }
        if (bytes == null || bytes.length == 0) {
            return fail(ErrorCode.MALFORMED_JSON, new ValidationProblem("$", "empty record"));
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            return fail(
                    ErrorCode.MALFORMED_JSON,
                    new ValidationProblem(
                            "$", "not valid JSON: " + e.getOriginalMessage() + at(e)));
        } catch (IOException e) {
            return fail(ErrorCode.MALFORMED_JSON, new ValidationProblem("$", e.getMessage()));
        }
        return read(tree);
    }

    /** Validates and maps an already parsed record. */
    public ReadResult<T> read(JsonNode tree) {
        ValidationReport report = validator.validate(type, tree);
        if (!report.isValid()) {
            return ReadResult.failed(report.errorCode(), report.summary(), report.problems());
        }
        try {
            return ReadResult.ok(mapper.treeToValue(report.record(), type.javaType()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // The schema should have caught this; still, never throw on bad input.
            return fail(
                    ErrorCode.SCHEMA_VIOLATION,
                    new ValidationProblem(
                            "$", "cannot map to " + type.name() + ": " + e.getMessage()));
        }
    }

    private ReadResult<T> fail(ErrorCode code, ValidationProblem problem) {
        return ReadResult.failed(code, problem.toString(), List.of(problem));
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line "
                        + e.getLocation().getLineNr()
                        + ", column "
                        + e.getLocation().getColumnNr()
                        + ")";
    }
}
