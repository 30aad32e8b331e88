package org.oodmonitor.schemas;

import com.fasterxml.jackson.annotation.JsonValue;

/** How the bytes of an {@link ImagePayload} are encoded. */
public enum ImageEncoding {
    PNG("png"),
    JPEG("jpeg"),
    /** Row-major uint8 pixels, {@code height * width * channels} bytes. */
    RAW("raw");

    private final String wireName;

    ImageEncoding(String wireName) {
        this.wireName = wireName;
    }

    /** The name used on the wire. */
    @JsonValue
    public String wireName() {
        return wireName;
    }
}
