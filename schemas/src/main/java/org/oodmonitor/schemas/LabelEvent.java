package org.oodmonitor.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.Objects;

/**
 * The true class of an event, known later than the event (schema {@code label-event}, version
 * {@value #VERSION}).
 *
 * @param schemaVersion the record's schema version
 * @param eventId the id of the labelled event
 * @param source the labelled event's stream key
 * @param modelName the model whose score the label is for, or null for any
 * @param trueClass the true class as the model's class index, or null when {@code trueLabel} says
 * @param trueLabel the true class by label name, or null when {@code trueClass} says
 * @param labelTime when the label was made, epoch milliseconds: the label's event time
 * @param labeller who or what labelled the event, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LabelEvent(
        int schemaVersion,
        String eventId,
        String source,
        String modelName,
        Integer trueClass,
        String trueLabel,
        long labelTime,
        String labeller)
        implements Serializable {

    /** The version this code writes. */
    public static final int VERSION = 1;

    public LabelEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(source, "source");
        if ((trueClass == null) == (trueLabel == null)) {
            throw new IllegalArgumentException("a label has a true_class or a true_label");
        }
    }

    /** A current-version label by class index. */
    public static LabelEvent ofClass(String eventId, String source, int trueClass, long labelTime) {
        return new LabelEvent(VERSION, eventId, source, null, trueClass, null, labelTime, null);
    }
}
