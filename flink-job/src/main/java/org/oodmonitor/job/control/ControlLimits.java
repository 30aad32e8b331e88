package org.oodmonitor.job.control;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ReadableConfig;
import org.oodmonitor.job.config.ControlOptions;
import org.oodmonitor.job.config.SourceOptions;

/**
 * The bounds a control command must keep: how far its effective time may lie from its record's
 * time, and how large a deployed model directory may be and how long its check may take.
 *
 * @param maxLead how far ahead of its record's timestamp a command's effective_from may lie
 * @param maxLag how far behind its record's timestamp a command's effective_from may lie
 * @param maxModelBytes the most bytes a deployed directory's manifest may list in all
 * @param maxModelFiles the most files a deployed directory's manifest may list
 * @param verifyTimeout how long the check of a deployed directory may take
 * @param maxPendingChecks deploys checked at once, at most
 * @param cancelMargin how long before the effective time of the change it undoes a cancel must be
 *     written: events may lie {@code ood.event-time.max-future} ahead of the clock, and a cancel
 *     may wait up to {@code ood.control.verify-timeout} behind a deploy's check, so a later cancel
 *     could reach a subtask after it scored events with the version it undoes
 */
@PublicEvolving
public record ControlLimits(
        Duration maxLead,
        Duration maxLag,
        long maxModelBytes,
        int maxModelFiles,
        Duration verifyTimeout,
        int maxPendingChecks,
        Duration cancelMargin)
        implements Serializable {

    /**
     * @throws IllegalArgumentException naming every bound out of range by its option key
     */
    public ControlLimits {
        List<String> problems = new ArrayList<>();
        if (maxLead == null || maxLead.isNegative()) {
            problems.add(ControlOptions.CONTROL_MAX_LEAD.key() + " must be >= 0, was " + maxLead);
        }
        if (maxLag == null || maxLag.isNegative()) {
            problems.add(ControlOptions.CONTROL_MAX_LAG.key() + " must be >= 0, was " + maxLag);
        }
        if (maxModelBytes < 1) {
            problems.add(
                    ControlOptions.CONTROL_MAX_MODEL_BYTES.key()
                            + " must be >= 1, was "
                            + maxModelBytes);
        }
        if (maxModelFiles < 1) {
            problems.add(
                    ControlOptions.CONTROL_MAX_MODEL_FILES.key()
                            + " must be >= 1, was "
                            + maxModelFiles);
        }
        if (verifyTimeout == null || verifyTimeout.toMillis() < 1) {
            problems.add(
                    ControlOptions.CONTROL_VERIFY_TIMEOUT.key()
                            + " must be positive, was "
                            + verifyTimeout);
        }
        if (maxPendingChecks < 1) {
            problems.add(
                    ControlOptions.CONTROL_MAX_PENDING_CHECKS.key()
                            + " must be >= 1, was "
                            + maxPendingChecks);
        }
        if (cancelMargin == null || cancelMargin.isNegative()) {
            problems.add("the cancel margin must be >= 0, was " + cancelMargin);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** The bounds of the options' defaults. */
    public static ControlLimits defaults() {
        return from(new org.apache.flink.configuration.Configuration());
    }

    /**
     * The bounds {@code config} sets.
     *
     * @throws IllegalArgumentException naming every bound out of range by its option key
     */
    public static ControlLimits from(ReadableConfig config) {
        return new ControlLimits(
                config.get(ControlOptions.CONTROL_MAX_LEAD),
                config.get(ControlOptions.CONTROL_MAX_LAG),
                config.get(ControlOptions.CONTROL_MAX_MODEL_BYTES),
                config.get(ControlOptions.CONTROL_MAX_MODEL_FILES),
                config.get(ControlOptions.CONTROL_VERIFY_TIMEOUT),
                config.get(ControlOptions.CONTROL_MAX_PENDING_CHECKS),
                config.get(SourceOptions.EVENT_TIME_MAX_FUTURE)
                        .plus(config.get(ControlOptions.CONTROL_VERIFY_TIMEOUT)));
    }

    /**
     * Why a command effective from {@code effectiveFrom}, written at {@code recordTime}, lies
     * outside the bounds, or null when it does not.
     */
    public String timeRefusal(long effectiveFrom, long recordTime) {
        long ahead = effectiveFrom - recordTime;
        if (ahead > 0 && ahead > maxLead.toMillis()) {
            return "effective_from "
                    + effectiveFrom
                    + " is "
                    + Duration.ofMillis(ahead)
                    + " ahead of the control record's time "
                    + recordTime
                    + "; at most "
                    + ControlOptions.CONTROL_MAX_LEAD.key()
                    + " ("
                    + maxLead
                    + ")";
        }
        if (ahead < 0 && -ahead > maxLag.toMillis()) {
            return "effective_from "
                    + effectiveFrom
                    + " is "
                    + Duration.ofMillis(-ahead)
                    + " behind the control record's time "
                    + recordTime
                    + "; at most "
                    + ControlOptions.CONTROL_MAX_LAG.key()
                    + " ("
                    + maxLag
                    + ")";
        }
        return null;
    }
}
