package org.oodmonitor.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One feature (embedding) vector seen by the monitored model (schema {@code feature-event}, version
 * {@value #VERSION}).
 *
 * @param schemaVersion the record's schema version
 * @param eventId unique id of the event, chosen by the producer
 * @param source the stream key
 * @param modelName the model to score with, or null for the source's default
 * @param eventTime event time, epoch milliseconds
 * @param features the vector; its length must match the model's feature dimension
 * @param attributes free-form string attributes carried to the outputs, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureEvent(
        int schemaVersion,
        String eventId,
        String source,
        String modelName,
        long eventTime,
        float[] features,
        Map<String, String> attributes) {

    /** The version this code writes. */
    public static final int VERSION = 1;

    public FeatureEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(features, "features");
    }

    /** A current-version event. */
    public static FeatureEvent of(
            String eventId,
            String source,
            String modelName,
            long eventTime,
            float[] features,
            Map<String, String> attributes) {
        return new FeatureEvent(
                VERSION, eventId, source, modelName, eventTime, features, attributes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureEvent other
                && schemaVersion == other.schemaVersion
                && eventTime == other.eventTime
                && eventId.equals(other.eventId)
                && source.equals(other.source)
                && Objects.equals(modelName, other.modelName)
                && Arrays.equals(features, other.features)
                && Objects.equals(attributes, other.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                schemaVersion, eventId, source, modelName, eventTime, Arrays.hashCode(features));
    }

    @Override
    public String toString() {
        return "FeatureEvent[eventId=%s, source=%s, modelName=%s, eventTime=%d, dimension=%d]"
                .formatted(eventId, source, modelName, eventTime, features.length);
    }
}
