package org.oodmonitor.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.Map;

/**
 * The realized quality of one window of one source and model version, once its delayed labels are
 * in (schema {@code quality-window}, version {@value #VERSION}).
 *
 * @param schemaVersion the record's schema version
 * @param source the stream key
 * @param modelName the model
 * @param modelVersion its version
 * @param windowStart start of the window of the events' times, epoch ms, inclusive
 * @param windowEnd its end, exclusive
 * @param eventCount scored events of the window
 * @param labelledCount those whose label came within {@code ood.labels.max-delay}
 * @param labelledShare labelledCount / eventCount
 * @param accuracy share of the labelled events the model predicted right; null without labels
 * @param classRecall per true class, as the labels name it (index or label): the share of its
 *     labelled events predicted as it
 * @param expectedCalibrationError of the model's probability of its prediction, over 10 bins; null
 *     without labels
 * @param errors labelled events the model got wrong
 * @param errorsFlaggedOod of those, the ones the monitor flagged OOD
 * @param correctFlaggedOod labelled events the model got right that the monitor flagged OOD
 * @param errorAuroc how well the OOD score separates errors (lower) from correct events; null
 *     without both
 * @param estimatedAccuracy the accuracy the monitor estimated for the window without labels, where
 *     it estimates one; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QualityWindow(
        int schemaVersion,
        String source,
        String modelName,
        String modelVersion,
        long windowStart,
        long windowEnd,
        long eventCount,
        long labelledCount,
        double labelledShare,
        Double accuracy,
        Map<String, Double> classRecall,
        Double expectedCalibrationError,
        long errors,
        long errorsFlaggedOod,
        long correctFlaggedOod,
        Double errorAuroc,
        Double estimatedAccuracy)
        implements Serializable {

    /** The version this code writes. */
    public static final int VERSION = 1;
}
