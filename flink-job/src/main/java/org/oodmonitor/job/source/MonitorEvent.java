package org.oodmonitor.job.source;

import java.io.Serializable;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.inference.scoring.EventInput;

/**
 * A parsed, valid input event on its way to scoring: an image or a feature vector, with the raw
 * record it came from (for dead letters).
 *
 * @param eventId the event's id
 * @param source its stream key
 * @param modelName the model it names, or null for the source's default
 * @param eventTime event time, epoch milliseconds
 * @param imageEncoding png, jpeg or raw for images; null for vectors
 * @param imageData the image bytes; null for vectors
 * @param height raw image rows, or null
 * @param width raw image columns, or null
 * @param channels raw image channels, or null
 * @param features the vector; null for images
 * @param attributes the event's attributes, or null
 * @param raw the record it was parsed from
 */
@Internal
public record MonitorEvent(
        String eventId,
        String source,
        String modelName,
        long eventTime,
        String imageEncoding,
        byte[] imageData,
        Integer height,
        Integer width,
        Integer channels,
        float[] features,
        Map<String, String> attributes,
        RawRecord raw)
        implements Serializable {

    public boolean isImage() {
        return imageData != null;
    }

    /** What the model gets of this event. */
    public EventInput input() {
        if (!isImage()) {
            return new EventInput.Vector(features);
        }
        return new EventInput.Image(
                imageEncoding,
                imageData,
                height == null ? 0 : height,
                width == null ? 0 : width,
                channels == null ? 1 : channels);
    }
}
