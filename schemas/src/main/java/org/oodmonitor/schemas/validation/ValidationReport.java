package org.oodmonitor.schemas.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;
import org.oodmonitor.schemas.ErrorCode;

/**
 * The outcome of validating one record.
 *
 * @param record the record upgraded to the current version, or null when it could not be
 * @param problems every problem found; empty when valid
 * @param errorCode the dead-letter code for the problems, or null when valid
 */
public record ValidationReport(
        JsonNode record, List<ValidationProblem> problems, ErrorCode errorCode) {

    public ValidationReport {
        problems = List.copyOf(problems);
    }

    static ValidationReport valid(JsonNode record) {
        return new ValidationReport(record, List.of(), null);
    }

    static ValidationReport invalid(ErrorCode code, List<ValidationProblem> problems) {
        return new ValidationReport(null, problems, code);
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    /** All problems on one line, for logs and dead letters. */
    public String summary() {
        return problems.stream().map(ValidationProblem::toString).collect(Collectors.joining("; "));
    }
}
