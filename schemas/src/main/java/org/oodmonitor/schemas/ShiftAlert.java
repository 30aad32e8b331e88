package org.oodmonitor.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;

/**
 * The sequential detector found that the traffic of one source and model has shifted (schema {@code
 * shift-alert}, version {@value #VERSION}).
 *
 * @param schemaVersion the record's schema version
 * @param source the stream key
 * @param modelName the model
 * @param modelVersion its version
 * @param modelChecksum SHA-256 of its manifest, or null
 * @param detectedAt end of the window in which the detector fired, event time in epoch ms
 * @param changePoint estimated start of the shift: the first window of the run of evidence
 * @param statistic what the detector watched: {@code ood_rate}
 * @param evidence the CUSUM log-likelihood ratio when it fired
 * @param threshold the CUSUM threshold
 * @param expectedRate the in-distribution OOD rate
 * @param alternativeRate the raised rate the detector is tuned to
 * @param observedRate the OOD rate since the change point
 * @param eventsSinceChange events since the change point
 * @param windowsSinceChange windows since the change point, the one that fired included
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShiftAlert(
        int schemaVersion,
        String source,
        String modelName,
        String modelVersion,
        String modelChecksum,
        long detectedAt,
        long changePoint,
        String statistic,
        double evidence,
        double threshold,
        double expectedRate,
        double alternativeRate,
        double observedRate,
        long eventsSinceChange,
        long windowsSinceChange)
        implements Serializable {

    /** The version this code writes. */
    public static final int VERSION = 1;

    /** The statistic of the OOD-rate CUSUM. */
    public static final String OOD_RATE = "ood_rate";
}
