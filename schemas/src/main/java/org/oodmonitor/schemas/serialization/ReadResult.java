package org.oodmonitor.schemas.serialization;

import java.util.List;
import java.util.NoSuchElementException;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.validation.ValidationProblem;

/**
 * A record read from bytes, or why it could not be read; reading never throws, so that a bad record
 * can be routed to a dead-letter topic instead of failing a job.
 *
 * @param <T> the record type
 */
public final class ReadResult<T> {

    private final T value;
    private final ErrorCode errorCode;
    private final String errorMessage;
    private final List<ValidationProblem> problems;

    private ReadResult(
            T value, ErrorCode errorCode, String errorMessage, List<ValidationProblem> problems) {
        this.value = value;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
        this.problems = List.copyOf(problems);
    }

    public static <T> ReadResult<T> ok(T value) {
        return new ReadResult<>(value, null, null, List.of());
    }

    public static <T> ReadResult<T> failed(
            ErrorCode code, String message, List<ValidationProblem> problems) {
        return new ReadResult<>(null, code, message, problems);
    }

    public boolean isOk() {
        return errorCode == null;
    }

    /**
     * @throws NoSuchElementException with the error message when reading failed
     */
    public T value() {
        if (!isOk()) {
            throw new NoSuchElementException(errorCode + ": " + errorMessage);
        }
        return value;
    }

    /** The dead-letter code, or null when reading succeeded. */
    public ErrorCode errorCode() {
        return errorCode;
    }

    /** Every problem on one line, or null when reading succeeded. */
    public String errorMessage() {
        return errorMessage;
    }

    /** The problems with their JSON paths; empty when reading succeeded. */
    public List<ValidationProblem> problems() {
        return problems;
    }

    @Override
    public String toString() {
        return isOk()
                ? "ReadResult[" + value + "]"
                : "ReadResult[" + errorCode + ": " + errorMessage + "]";
    }
}
