package org.oodmonitor.schemas;

import java.util.List;
import java.util.Objects;

/**
 * One versioned record type: its schema name, Java type and the versions a reader accepts.
 *
 * <p>Compatibility rule: a reader accepts the current version and the one before it; writers always
 * write the current version. See {@code schemas/README.md}.
 *
 * @param <T> the Java type of the record
 */
public final class RecordType<T> {

    public static final RecordType<ImageEvent> IMAGE_EVENT =
            new RecordType<>("image-event", ImageEvent.class, ImageEvent.VERSION);
    public static final RecordType<FeatureEvent> FEATURE_EVENT =
            new RecordType<>("feature-event", FeatureEvent.class, FeatureEvent.VERSION);
    public static final RecordType<OodScore> OOD_SCORE =
            new RecordType<>("ood-score", OodScore.class, OodScore.VERSION);
    public static final RecordType<OodScore> OOD_ALERT =
            new RecordType<>("ood-alert", OodScore.class, OodScore.VERSION);
    public static final RecordType<OodRateWindow> OOD_RATE_WINDOW =
            new RecordType<>("ood-rate-window", OodRateWindow.class, OodRateWindow.VERSION);
    public static final RecordType<DeadLetter> DEAD_LETTER =
            new RecordType<>("dead-letter", DeadLetter.class, DeadLetter.VERSION);
    public static final RecordType<ShiftAlert> SHIFT_ALERT =
            new RecordType<>("shift-alert", ShiftAlert.class, ShiftAlert.VERSION);
    public static final RecordType<ModelCommand> MODEL_COMMAND =
            new RecordType<>("model-command", ModelCommand.class, ModelCommand.VERSION);
    public static final RecordType<ControlStatus> CONTROL_STATUS =
            new RecordType<>("control-status", ControlStatus.class, ControlStatus.VERSION);
    public static final RecordType<LabelEvent> LABEL_EVENT =
            new RecordType<>("label-event", LabelEvent.class, LabelEvent.VERSION);
    public static final RecordType<QualityWindow> QUALITY_WINDOW =
            new RecordType<>("quality-window", QualityWindow.class, QualityWindow.VERSION);

    private static final List<RecordType<?>> ALL =
            List.of(
                    IMAGE_EVENT,
                    FEATURE_EVENT,
                    OOD_SCORE,
                    OOD_ALERT,
                    OOD_RATE_WINDOW,
                    DEAD_LETTER,
                    SHIFT_ALERT,
                    MODEL_COMMAND,
                    CONTROL_STATUS,
                    LABEL_EVENT,
                    QUALITY_WINDOW);

    private final String name;
    private final Class<T> javaType;
    private final int currentVersion;

    private RecordType(String name, Class<T> javaType, int currentVersion) {
        this.name = name;
        this.javaType = javaType;
        this.currentVersion = currentVersion;
    }

    /** Every record type, in a stable order. */
    public static List<RecordType<?>> values() {
        return ALL;
    }

    /**
     * The type with this schema name.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static RecordType<?> byName(String name) {
        for (RecordType<?> type : ALL) {
            if (type.name.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException(
                "Unknown record type '"
                        + name
                        + "'; known types: "
                        + ALL.stream().map(RecordType::name).toList());
    }

    /** Schema name, for example {@code image-event}. */
    public String name() {
        return name;
    }

    public Class<T> javaType() {
        return javaType;
    }

    /** The version writers write. */
    public int currentVersion() {
        return currentVersion;
    }

    /** The oldest version a reader accepts: the one before the current, where there is one. */
    public int oldestReadableVersion() {
        return Math.max(1, currentVersion - 1);
    }

    public boolean isReadable(int version) {
        return version >= oldestReadableVersion() && version <= currentVersion;
    }

    /** Class-path location of the JSON Schema of {@code version}. */
    public String schemaResource(int version) {
        return "/schemas/" + name + ".v" + version + ".schema.json";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordType<?> other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name);
    }

    @Override
    public String toString() {
        return name + " v" + currentVersion;
    }
}
