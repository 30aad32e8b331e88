package org.oodmonitor.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The monitor's verdict on one event (schema {@code ood-score}, version {@value #VERSION}); the
 * same record with {@code isOod == true} is an alert (schema {@code ood-alert}).
 *
 * @param schemaVersion the record's schema version
 * @param eventId id of the scored event
 * @param source the event's stream key
 * @param eventTime the event's time, epoch milliseconds
 * @param modelName the model that scored it
 * @param modelVersion that model's version
 * @param modelChecksum SHA-256 of that model's manifest
 * @param predictedClass index of the nearest prototype
 * @param predictedLabel label of that class
 * @param minDistance smallest scaled distance to a prototype
 * @param score minimum distance score (the largest logit); lower is more likely OOD
 * @param threshold scores below this are OOD
 * @param isOod whether the event is OOD: {@code alertScore < alertThreshold} when the model has an
 *     alert detector, else {@code score < threshold}
 * @param classDistances scaled distance to every prototype, or null when not requested
 * @param processingTime when the monitor scored it, epoch milliseconds
 * @param attributes the event's attributes, or null
 * @param alertScore the alert detector's score, or null without a detector (since version 2)
 * @param alertThreshold alert scores below this are OOD, or null without a detector
 * @param alertReasons the parts of the detector that fired, or null without a detector
 * @param statistics the event's values of the statistics its model's shift reference tests besides
 *     the score (entropic, pixel statistics), or null for a model without one (since version 3)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OodScore(
        int schemaVersion,
        String eventId,
        String source,
        long eventTime,
        String modelName,
        String modelVersion,
        String modelChecksum,
        int predictedClass,
        String predictedLabel,
        double minDistance,
        double score,
        double threshold,
        @JsonProperty("is_ood") boolean isOod,
        List<Double> classDistances,
        long processingTime,
        Map<String, String> attributes,
        Double alertScore,
        Double alertThreshold,
        List<String> alertReasons,
        Map<String, Double> statistics)
        implements Serializable {

    /** The version this code writes. */
    public static final int VERSION = 5;

    /** This record with another source, for example to pool many rare sources into one. */
    public OodScore withSource(String newSource) {
        return new OodScore(
                schemaVersion,
                eventId,
                newSource,
                eventTime,
                modelName,
                modelVersion,
                modelChecksum,
                predictedClass,
                predictedLabel,
                minDistance,
                score,
                threshold,
                isOod,
                classDistances,
                processingTime,
                attributes,
                alertScore,
                alertThreshold,
                alertReasons,
                statistics);
    }
}
