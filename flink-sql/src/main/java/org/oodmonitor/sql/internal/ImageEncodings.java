package org.oodmonitor.sql.internal;

import org.apache.flink.annotation.Internal;
import org.oodmonitor.schemas.internal.SemanticChecks;
import org.oodmonitor.sql.ProviderOptions.ImageEncoding;

/** The encoding name the monitor's decoder takes for the bytes of an image column. */
@Internal
final class ImageEncodings {

    private ImageEncodings() {}

    /**
     * {@code png}, {@code jpeg} or {@code raw}: as configured, or for {@code auto} by the bytes'
     * signature, raw without one.
     */
    static String of(ImageEncoding configured, byte[] bytes) {
        if (configured != ImageEncoding.AUTO) {
            return configured.toString();
        }
        String sniffed = SemanticChecks.sniffFormat(bytes);
        return sniffed != null ? sniffed : ImageEncoding.RAW.toString();
    }
}
