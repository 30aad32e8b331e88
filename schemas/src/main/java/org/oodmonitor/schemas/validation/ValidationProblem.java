package org.oodmonitor.schemas.validation;

/**
 * One thing wrong with a record, located by a JSON path.
 *
 * @param path where, for example {@code $.features[3]}
 * @param message what, for example {@code NaN is not allowed}
 */
public record ValidationProblem(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
