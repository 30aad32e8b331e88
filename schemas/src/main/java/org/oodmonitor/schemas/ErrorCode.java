package org.oodmonitor.schemas;

/** Why a record went to the dead-letter topic; the {@code error_code} of a {@link DeadLetter}. */
public enum ErrorCode {
    /** The bytes are not a JSON object. */
    MALFORMED_JSON,
    /** The JSON breaks the record's schema or a value limit. */
    SCHEMA_VIOLATION,
    /** The record's schema_version is one this reader does not accept. */
    UNSUPPORTED_VERSION,
    /** The record is larger than the configured limit. */
    OVERSIZED_RECORD,
    /** The record names a model the job does not serve. */
    UNKNOWN_MODEL,
    /** The image bytes do not decode. */
    CORRUPT_IMAGE,
    /** The image's shape does not fit the model's input. */
    WRONG_SHAPE,
    /** The vector's length does not fit the model's input. */
    WRONG_DIMENSION,
    /** The model failed on the record, or produced a value that is not a finite number. */
    INFERENCE_FAILED,
    /**
     * The event time lies outside the accepted range around processing time (too far in the future
     * or too old); since dead-letter version 2.
     */
    EVENT_TIME_OUT_OF_RANGE,
    /** The record has no value (a tombstone) or an empty one; since dead-letter version 2. */
    EMPTY_RECORD,
    /**
     * Handling the record failed in a way no other code describes (a bug or an input no check
     * foresaw); the job went on without it. Since dead-letter version 2.
     */
    PROCESSING_FAILED,
    /** A label arrived after its event's wait ({@code ood.labels.max-delay}) was over. Since 3. */
    LABEL_TOO_LATE,
    /** No score of the labelled event arrived within the wait; since dead-letter version 3. */
    LABEL_WITHOUT_EVENT,
    /** A second label of an event already labelled; counted once. Since dead-letter version 3. */
    DUPLICATE_LABEL
}
