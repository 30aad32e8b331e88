package org.oodmonitor.schemas.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.text.Printable;

/**
 * The outcome of validating one record.
 *
 * @param record the record upgraded to the current version, or null when it could not be
 * @param problems every problem found; empty when valid
 * @param errorCode the dead-letter code for the problems, or null when valid
 */
public record ValidationReport(
        JsonNode record, List<ValidationProblem> problems, ErrorCode errorCode) {

    /** How many problems {@link #summary()} lists. */
    public static final int SUMMARY_PROBLEMS = 10;

    /** How long each problem listed by {@link #summary()} may be. */
    public static final int SUMMARY_PROBLEM_CHARS = 256;

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

    /**
     * The problems on one line, for logs and dead letters: the first {@value #SUMMARY_PROBLEMS},
     * each cut to {@value #SUMMARY_PROBLEM_CHARS} characters, and how many more there are. A record
     * with 90,000 unknown properties has as many problems; listing them all would make a reason
     * larger than the record.
     */
    public String summary() {
        String listed =
                problems.stream()
                        .limit(SUMMARY_PROBLEMS)
                        .map(p -> Printable.cut(p.toString(), SUMMARY_PROBLEM_CHARS))
                        .collect(Collectors.joining("; "));
        return problems.size() <= SUMMARY_PROBLEMS
                ? listed
                : listed
                        + "; ... and "
                        + (problems.size() - SUMMARY_PROBLEMS)
                        + " more problems ("
                        + problems.size()
                        + " in all)";
    }
}
