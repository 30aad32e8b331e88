package org.oodmonitor.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;
import org.oodmonitor.schemas.ModelCommand;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.QualityWindow;
import org.oodmonitor.schemas.ShiftAlert;
import org.oodmonitor.schemas.serialization.RecordMapper;

/**
 * What a replay read, with which models and options, and what it found: written as {@code
 * audit-report.json} (this record, snake_case) and {@code audit-report.html} with every replay. It
 * holds no wall-clock time, so two replays of the same range give the same report.
 *
 * @param reportVersion version of this format
 * @param from inclusive start of the replayed time range, epoch milliseconds, or null
 * @param to exclusive end of the replayed time range, epoch milliseconds, or null
 * @param partitions the exact input: offsets and record timestamps per partition
 * @param models the served models
 * @param options the settings the pipeline ran with
 * @param totals counts over the whole replay
 * @param windows OOD rate per source, model and window, in time order
 * @param flaggedWindows the windows flagged as a shift
 * @param topAlerts the alerts with the lowest scores, lowest first
 * @param scoreDistributions score histogram per model
 * @param scoring where the scores were computed, and the events whose verdict another CPU could
 *     flip (since version 2)
 * @param shiftAlerts the sequential shift detector's alerts in the range, in time order (since
 *     version 4)
 * @param modelChanges the control topic's accepted commands that took effect at or before the
 *     range's last event, in the order accepted: which model versions scored which events (since
 *     version 5)
 * @param quality realized quality per window from the delayed labels the replay read, in time
 *     order; null when it read none (since version 6)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PublicEvolving
public record AuditReport(
        int reportVersion,
        Long from,
        Long to,
        List<Partition> partitions,
        List<Model> models,
        Map<String, String> options,
        Totals totals,
        List<OodRateWindow> windows,
        List<OodRateWindow> flaggedWindows,
        List<OodScore> topAlerts,
        List<Histogram> scoreDistributions,
        Scoring scoring,
        List<ShiftAlert> shiftAlerts,
        List<ModelCommand> modelChanges,
        List<QualityWindow> quality) {

    /** The version this code writes. */
    public static final int VERSION = 6;

    /**
     * Where the replay's scores were computed, and how far they can be trusted on another CPU.
     * Replays on the same CPU family with the same thread count reproduce the live job's scores bit
     * for bit; on another family they may differ in the last bits, so a verdict can only change for
     * an event whose decision value lies within {@code relativeTolerance} of its threshold: those
     * are listed.
     *
     * @param platform the CPU, cores and PyTorch threads of the machine that built this report,
     *     which computed the scores of a local replay
     * @param inferenceThreads PyTorch intra-op threads of each forward pass
     * @param relativeTolerance how close, relative to the threshold, a decision value must be for
     *     its verdict to count as borderline
     * @param borderline the borderline events, closest to their threshold first
     */
    public record Scoring(
            String platform,
            int inferenceThreads,
            double relativeTolerance,
            List<Borderline> borderline,
            LiveComparison live) {}

    /**
     * The replay's scores against the live job's, read from its scores topic.
     *
     * @param topic the live scores topic read
     * @param livePlatforms the platforms the live job named in its records' headers, sorted; empty
     *     for records written before it named them
     * @param matched replayed events with a live score
     * @param missing replayed events without one (not yet written, or on another topic)
     * @param identicalScores matched events whose decision value is bit for bit the same
     * @param verdictDifferences matched events whose verdict differs; each within the tolerance is
     *     explained by the CPU, each outside it is a real discrepancy
     */
    public record LiveComparison(
            String topic,
            List<String> livePlatforms,
            long matched,
            long missing,
            long identicalScores,
            List<VerdictDifference> verdictDifferences) {}

    /**
     * An event that the live job and the replay judged differently.
     *
     * @param withinTolerance whether the replay's decision value lies within the relative tolerance
     *     of its threshold, where another CPU's last bits can flip a verdict
     */
    public record VerdictDifference(
            String eventId,
            String source,
            String modelName,
            double liveValue,
            double replayValue,
            double threshold,
            boolean liveOod,
            boolean replayOod,
            boolean withinTolerance) {}

    /**
     * An event whose verdict could differ on another CPU.
     *
     * @param value the value the verdict compares: the alert score with an alert detector, else the
     *     minimum distance score
     * @param threshold what it is compared with
     * @param isOod the verdict of this replay
     */
    public record Borderline(
            String eventId,
            String source,
            String modelName,
            long eventTime,
            double value,
            double threshold,
            @JsonProperty("is_ood") boolean isOod) {}

    /**
     * One input partition.
     *
     * @param kind images or features
     * @param firstTimestamp Kafka timestamp of the first committed record read, or null
     * @param lastTimestamp Kafka timestamp of the last committed record read, or null
     */
    public record Partition(
            String kind,
            String topic,
            int partition,
            long startOffset,
            long endOffset,
            Long firstTimestamp,
            Long lastTimestamp) {}

    /**
     * One served model.
     *
     * @param servingName the name events and options use
     * @param manifestSha256 checksum of the model's manifest
     * @param threshold the threshold in force (calibrated, or the override)
     * @param thresholdSource {@code calibrated} or {@code override}
     */
    public record Model(
            String servingName,
            String modelName,
            String modelVersion,
            String manifestSha256,
            String directory,
            double threshold,
            String thresholdSource) {}

    /**
     * Counts over the whole replay.
     *
     * @param recordsRead records read: events scored plus dead letters
     * @param deadLettersByCode dead letters per error code
     * @param lateEvents scores that arrived after their window was emitted
     */
    public record Totals(
            long recordsRead,
            long eventsScored,
            long oodEvents,
            double oodRate,
            long deadLetters,
            Map<String, Long> deadLettersByCode,
            long lateEvents,
            long windows,
            long flaggedWindows) {}

    /**
     * Histogram of one model's scores over {@code bins} equal bins from {@code low} to {@code
     * high}, split by verdict.
     */
    public record Histogram(
            String modelName,
            String modelVersion,
            double threshold,
            double low,
            double high,
            List<Long> inDistribution,
            List<Long> ood) {}

    /** Writes this report as indented JSON. */
    public void writeJson(Path file) throws IOException {
        mapper().writeValue(file.toFile(), this);
    }

    /** Reads a report written by {@link #writeJson}. */
    public static AuditReport readJson(Path file) throws IOException {
        return mapper().readValue(file.toFile(), AuditReport.class);
    }

    static ObjectMapper mapper() {
        return RecordMapper.create().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
