package org.oodmonitor.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;

/**
 * One image seen by the monitored model (schema {@code image-event}, version {@value #VERSION}).
 *
 * @param schemaVersion the record's schema version
 * @param eventId unique id of the event, chosen by the producer
 * @param source the stream key, for example a camera or a client
 * @param modelName the model to score with, or null for the source's default
 * @param eventTime event time, epoch milliseconds
 * @param image the image
 * @param attributes free-form string attributes carried to the outputs, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageEvent(
        int schemaVersion,
        String eventId,
        String source,
        String modelName,
        long eventTime,
        ImagePayload image,
        Map<String, String> attributes) {

    /** The version this code writes. */
    public static final int VERSION = 2;

    public ImageEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(image, "image");
    }

    /** A current-version event. */
    public static ImageEvent of(
            String eventId,
            String source,
            String modelName,
            long eventTime,
            ImagePayload image,
            Map<String, String> attributes) {
        return new ImageEvent(VERSION, eventId, source, modelName, eventTime, image, attributes);
    }
}
