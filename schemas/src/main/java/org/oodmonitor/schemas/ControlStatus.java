package org.oodmonitor.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import org.oodmonitor.schemas.text.Printable;

/**
 * What the monitor did with one command of the control topic (schema {@code control-status},
 * version {@value #VERSION}): accepted or rejected by the job, then applied (or failed) by each
 * scoring subtask.
 *
 * @param schemaVersion the record's schema version
 * @param commandId the command's id, or null for a record that could not be read as a command
 * @param action the command's action, or null
 * @param modelName the command's model, or null
 * @param modelVersion the command's version, or null
 * @param state {@code accepted}, {@code rejected}, {@code applied} or {@code failed}
 * @param reason why it was rejected or failed, or null
 * @param subtask the scoring subtask for {@code applied} and {@code failed}, else null
 * @param effectiveFrom the command's effective event time, or null
 * @param newestEventBefore for {@code applied}: the newest event time of this model the subtask had
 *     scored when the command reached it; at or after {@code effective_from} the command came late
 *     there and events in between were scored by the previous version
 * @param record the control record's coordinates, {@code topic-partition@offset}, or null
 * @param statusTime when this status was written, epoch milliseconds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ControlStatus(
        int schemaVersion,
        String commandId,
        String action,
        String modelName,
        String modelVersion,
        String state,
        String reason,
        Integer subtask,
        Long effectiveFrom,
        Long newestEventBefore,
        String record,
        long statusTime)
        implements Serializable {

    /** The version this code writes. */
    public static final int VERSION = 2;

    /** The schema's cap on {@code reason}, in characters. */
    public static final int MAX_REASON_CHARS = 4096;

    /** The schema's cap on {@code record}, in characters. */
    public static final int MAX_RECORD_CHARS = 512;

    /**
     * Cuts {@code reason} and {@code record} to the schema's caps, with a marker, and escapes what
     * a terminal would obey: a status is written to a topic and printed by {@code model status}
     * whatever a hostile control record put into the reason, and a status the sink could not write
     * would fail the job on every restart.
     */
    public ControlStatus {
        reason = Printable.cut(reason, MAX_REASON_CHARS);
        record = Printable.cut(record, MAX_RECORD_CHARS);
    }

    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";
    public static final String APPLIED = "applied";
    public static final String FAILED = "failed";

    /** The job's verdict on {@code command}: accepted, or rejected with {@code reason}. */
    public static ControlStatus verdict(
            ModelCommand command, String reason, String record, long now) {
        return about(
                command, reason == null ? ACCEPTED : REJECTED, reason, null, null, record, now);
    }

    /** A control record that is not a command. */
    public static ControlStatus unreadable(String reason, String record, long now) {
        return new ControlStatus(
                VERSION, null, null, null, null, REJECTED, reason, null, null, null, record, now);
    }

    /** A subtask's outcome for {@code command}: applied, or failed with {@code reason}. */
    public static ControlStatus onSubtask(
            ModelCommand command, int subtask, String reason, Long newestEventBefore, long now) {
        return about(
                command,
                reason == null ? APPLIED : FAILED,
                reason,
                subtask,
                newestEventBefore,
                null,
                now);
    }

    private static ControlStatus about(
            ModelCommand command,
            String state,
            String reason,
            Integer subtask,
            Long newestEventBefore,
            String record,
            long now) {
        return new ControlStatus(
                VERSION,
                command.commandId(),
                command.action(),
                command.modelName(),
                command.modelVersion(),
                state,
                reason,
                subtask,
                command.effectiveFrom(),
                newestEventBefore,
                record,
                now);
    }

    /** Whether the command reached this subtask after it had scored events it applies to. */
    @JsonIgnore
    public boolean late() {
        return newestEventBefore != null
                && effectiveFrom != null
                && newestEventBefore >= effectiveFrom;
    }
}
