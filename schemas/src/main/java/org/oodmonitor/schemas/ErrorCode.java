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
    /** The model failed on the record. */
    INFERENCE_FAILED
}
