package org.oodmonitor.sql;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * The output columns a model of this provider may declare, each picked by its name: {@code OUTPUT
 * (ood_score DOUBLE, is_ood BOOLEAN, error STRING)} declares three of them, in any order.
 */
@PublicEvolving
public enum OutputColumn {
    /** The minimum distance score: the largest IsoMax+ logit; lower means more likely OOD. */
    OOD_SCORE("DOUBLE"),
    /** The monitor's verdict: the alert detector's where the model has one. */
    IS_OOD("BOOLEAN"),
    /** The minimum-distance-score threshold of the predicted class. */
    THRESHOLD("DOUBLE"),
    /** The alert detector's score (a weighted tail probability), null without a detector. */
    ALERT_SCORE("DOUBLE"),
    /** The components of the alert detector that fired, most unusual first; empty for none. */
    ALERT_COMPONENTS("ARRAY<STRING>"),
    /** The index of the predicted class. */
    PREDICTED_CLASS("INT"),
    /** The label of the predicted class. */
    PREDICTED_LABEL("STRING"),
    /** The model's name, from its manifest. */
    MODEL_NAME("STRING"),
    /** The model's version, from its manifest. */
    MODEL_VERSION("STRING"),
    /** The SHA-256 of the model's manifest. */
    MODEL_CHECKSUM("STRING"),
    /** Why the row could not be scored; null for a scored row. */
    ERROR("STRING");

    private final String sqlType;

    OutputColumn(String sqlType) {
        this.sqlType = sqlType;
    }

    /** The column's name in SQL. */
    public String columnName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The SQL type the column must be declared with. */
    public String sqlType() {
        return sqlType;
    }

    /** The column called {@code name}, if there is one. */
    public static Optional<OutputColumn> named(String name) {
        return Arrays.stream(values()).filter(c -> c.columnName().equals(name)).findFirst();
    }

    /** Every column as {@code name TYPE}, for messages and docs. */
    public static String documented() {
        return Arrays.stream(values())
                .map(c -> c.columnName() + " " + c.sqlType)
                .collect(Collectors.joining(", "));
    }

    /** Whether {@code type} is this column's type; nullability is the user's choice. */
    public boolean accepts(LogicalType type) {
        return switch (this) {
            case OOD_SCORE, THRESHOLD, ALERT_SCORE -> type.is(LogicalTypeRoot.DOUBLE);
            case IS_OOD -> type.is(LogicalTypeRoot.BOOLEAN);
            case PREDICTED_CLASS -> type.is(LogicalTypeRoot.INTEGER);
            case ALERT_COMPONENTS ->
                    type instanceof ArrayType array
                            && array.getElementType().is(LogicalTypeRoot.VARCHAR);
            default -> type.is(LogicalTypeRoot.VARCHAR);
        };
    }
}
