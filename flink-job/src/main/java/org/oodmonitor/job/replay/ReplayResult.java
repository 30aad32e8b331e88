package org.oodmonitor.job.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.QualityWindow;
import org.oodmonitor.schemas.ShiftAlert;

/**
 * Everything one replay produced, in a canonical order that does not depend on how the records
 * arrived: scores by event time, source, event id and model; windows by start, source and model;
 * dead letters by topic, partition and offset.
 *
 * @param scores every scored event (alerts are those with {@code is_ood})
 * @param windows OOD rate per key and window
 * @param deadLetters records that could not be processed
 * @param lateEvents scores that arrived after their window was emitted
 * @param shifts the sequential detector's shift alerts
 * @param quality realized quality per window, where the replay read delayed labels
 */
@PublicEvolving
public record ReplayResult(
        List<OodScore> scores,
        List<OodRateWindow> windows,
        List<DeadLetter> deadLetters,
        long lateEvents,
        List<ShiftAlert> shifts,
        List<QualityWindow> quality) {

    public static final Comparator<OodScore> SCORE_ORDER =
            Comparator.comparingLong(OodScore::eventTime)
                    .thenComparing(OodScore::source)
                    .thenComparing(OodScore::eventId)
                    .thenComparing(OodScore::modelName)
                    .thenComparing(OodScore::toString);
    public static final Comparator<OodRateWindow> WINDOW_ORDER =
            Comparator.comparingLong(OodRateWindow::windowStart)
                    .thenComparing(OodRateWindow::source)
                    .thenComparing(OodRateWindow::modelName)
                    .thenComparing(OodRateWindow::modelVersion)
                    .thenComparing(OodRateWindow::toString);
    public static final Comparator<DeadLetter> DEAD_LETTER_ORDER =
            Comparator.comparing(DeadLetter::originalTopic)
                    .thenComparingInt(DeadLetter::originalPartition)
                    .thenComparingLong(DeadLetter::originalOffset)
                    .thenComparing(d -> d.errorCode().name())
                    .thenComparing(DeadLetter::errorMessage);

    public static final Comparator<ShiftAlert> SHIFT_ORDER =
            Comparator.comparingLong(ShiftAlert::detectedAt)
                    .thenComparing(ShiftAlert::source)
                    .thenComparing(ShiftAlert::modelName)
                    .thenComparing(ShiftAlert::modelVersion)
                    .thenComparing(ShiftAlert::toString);

    public static final Comparator<QualityWindow> QUALITY_ORDER =
            Comparator.comparingLong(QualityWindow::windowStart)
                    .thenComparing(QualityWindow::source)
                    .thenComparing(QualityWindow::modelName)
                    .thenComparing(QualityWindow::modelVersion)
                    .thenComparing(QualityWindow::toString);

    public ReplayResult {
        shifts = sorted(shifts, SHIFT_ORDER);
        quality = sorted(quality, QUALITY_ORDER);
        scores = sorted(scores, SCORE_ORDER);
        windows = sorted(windows, WINDOW_ORDER);
        deadLetters = sorted(deadLetters, DEAD_LETTER_ORDER);
    }

    /** The result of a replay that had nothing to read. */
    public static ReplayResult empty() {
        return new ReplayResult(List.of(), List.of(), List.of(), 0, List.of(), List.of());
    }

    /** A result without quality windows: a replay that read no labels. */
    public ReplayResult(
            List<OodScore> scores,
            List<OodRateWindow> windows,
            List<DeadLetter> deadLetters,
            long lateEvents,
            List<ShiftAlert> shifts) {
        this(scores, windows, deadLetters, lateEvents, shifts, List.of());
    }

    /** The scores that are OOD, in canonical order. */
    public List<OodScore> alerts() {
        return scores.stream().filter(OodScore::isOod).toList();
    }

    /** Records read: scored events plus dead letters. */
    public long records() {
        return scores.size() + deadLetters.size();
    }

    private static <T> List<T> sorted(List<T> values, Comparator<T> order) {
        List<T> copy = new ArrayList<>(values);
        copy.sort(order);
        return List.copyOf(copy);
    }
}
