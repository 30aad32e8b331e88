package org.oodmonitor.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * OOD rate of one source and model version over one event-time window (schema {@code
 * ood-rate-window}, version {@value #VERSION}).
 *
 * @param schemaVersion the record's schema version
 * @param source the stream key
 * @param modelName the model
 * @param modelVersion the model's version
 * @param modelChecksum SHA-256 of the model's manifest, or null
 * @param windowStart inclusive start, epoch milliseconds
 * @param windowEnd exclusive end, epoch milliseconds
 * @param eventCount events in the window
 * @param oodCount of which out of distribution
 * @param oodRate {@code oodCount / eventCount}, 0 for an empty window
 * @param scoreMean mean score, or null for an empty window
 * @param scoreQuantiles score quantiles keyed {@code p05}, {@code p25}, {@code p50}, ...
 * @param classCounts events per predicted label
 * @param lateEventCount events that arrived after the window had closed
 * @param expectedOodRate the rate expected from the calibrated threshold, or null
 * @param pValue one-sided binomial p-value of the OOD count, or null
 * @param flagged whether the window is flagged as a shift
 * @param flagReason why it is flagged, or null
 * @param shiftTests the window's tests against the model's shift reference, or null when none ran
 *     (since version 2)
 * @param shiftTestsSkipped why some or all shift tests did not run, or null
 * @param shadowAgreement per shadow version that scored some of the window's events, how its
 *     verdicts compare with the live ones, or null without one (since version 3)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OodRateWindow(
        int schemaVersion,
        String source,
        String modelName,
        String modelVersion,
        String modelChecksum,
        long windowStart,
        long windowEnd,
        long eventCount,
        long oodCount,
        double oodRate,
        Double scoreMean,
        Map<String, Double> scoreQuantiles,
        Map<String, Long> classCounts,
        long lateEventCount,
        Double expectedOodRate,
        Double pValue,
        boolean flagged,
        String flagReason,
        List<ShiftTest> shiftTests,
        String shiftTestsSkipped,
        List<ShadowAgreement> shadowAgreement)
        implements Serializable {

    /** The version this code writes. */
    public static final int VERSION = 3;

    /** A window without shadow versions. */
    public OodRateWindow(
            int schemaVersion,
            String source,
            String modelName,
            String modelVersion,
            String modelChecksum,
            long windowStart,
            long windowEnd,
            long eventCount,
            long oodCount,
            double oodRate,
            Double scoreMean,
            Map<String, Double> scoreQuantiles,
            Map<String, Long> classCounts,
            long lateEventCount,
            Double expectedOodRate,
            Double pValue,
            boolean flagged,
            String flagReason,
            List<ShiftTest> shiftTests,
            String shiftTestsSkipped) {
        this(
                schemaVersion,
                source,
                modelName,
                modelVersion,
                modelChecksum,
                windowStart,
                windowEnd,
                eventCount,
                oodCount,
                oodRate,
                scoreMean,
                scoreQuantiles,
                classCounts,
                lateEventCount,
                expectedOodRate,
                pValue,
                flagged,
                flagReason,
                shiftTests,
                shiftTestsSkipped,
                null);
    }
}
