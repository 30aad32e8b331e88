package org.oodmonitor.inference.scoring;

import org.oodmonitor.schemas.ErrorCode;

/** What scoring made of one event: a verdict with its logits, or the reason there is none. */
public sealed interface Outcome permits Outcome.Scored, Outcome.Failed {

    /**
     * The event was scored.
     *
     * @param logits the model's logits
     * @param verdict their verdict, or null when the scorer has no decision rule (evaluation)
     */
    record Scored(float[] logits, Verdict verdict) implements Outcome {}

    /**
     * The event could not be scored: a dead letter in the job, with this code and message.
     *
     * @param code why, for machines
     * @param message why, for people
     */
    record Failed(ErrorCode code, String message) implements Outcome {

        /**
         * The catch-all: {@code step} failed in a way no check foresaw. Every stage that catches
         * such a failure (parsing, preprocessing, scoring) reports it in this one form.
         */
        public static Failed unexpected(String step, Throwable e) {
            return new Failed(ErrorCode.PROCESSING_FAILED, step + " failed unexpectedly: " + e);
        }
    }
}
