package org.oodmonitor.job.source;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.oodmonitor.inference.scoring.EventInput;
import org.oodmonitor.job.serialization.EventInputTypeInfo;

/**
 * A parsed, valid input event on its way to scoring: an image or a feature vector, with the raw
 * record it came from (for dead letters).
 *
 * @param eventId the event's id
 * @param source its stream key
 * @param modelName the model it names, or null for the source's default
 * @param eventTime event time, epoch milliseconds
 * @param input what the model gets of the event: an image in its encoding, or a vector
 * @param attributes the event's attributes, or null
 * @param raw the record it was parsed from
 */
@Internal
public record MonitorEvent(
        String eventId,
        String source,
        String modelName,
        long eventTime,
        @TypeInfo(EventInputTypeInfo.Factory.class) EventInput input,
        Map<String, String> attributes,
        RawRecord raw)
        implements Serializable {

    public MonitorEvent {
        Objects.requireNonNull(input, "input");
    }

    public boolean isImage() {
        return input instanceof EventInput.Image;
    }
}
