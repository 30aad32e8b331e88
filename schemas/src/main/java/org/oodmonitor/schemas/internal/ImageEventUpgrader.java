package org.oodmonitor.schemas.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

/** Rewrites an image-event of version 1 (a bare {@code image_base64}) into version 2. */
public final class ImageEventUpgrader {

    private ImageEventUpgrader() {}

    /**
     * Upgrades {@code v1} in place; it must already be valid against the version 1 schema.
     *
     * @return null on success, else why the record cannot be upgraded
     */
    public static String upgrade(ObjectNode v1) {
        String base64 = v1.path("image_base64").asText();
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return "is not valid base64: " + e.getMessage();
        }
        String format = SemanticChecks.sniffFormat(bytes);
        if (format == null) {
            return "version 1 images must be PNG or JPEG files, these bytes are neither";
        }
        v1.remove("image_base64");
        ObjectNode image = v1.putObject("image");
        image.put("encoding", format);
        image.put("data", base64);
        v1.put("schema_version", 2);
        return null;
    }
}
