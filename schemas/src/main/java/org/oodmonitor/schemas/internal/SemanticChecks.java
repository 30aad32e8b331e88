package org.oodmonitor.schemas.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.oodmonitor.schemas.ImagePayload;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.text.Printable;
import org.oodmonitor.schemas.validation.ValidationLimits;
import org.oodmonitor.schemas.validation.ValidationProblem;

/** The checks JSON Schema cannot express: non-finite numbers, decoded sizes and consistency. */
public final class SemanticChecks {

    private static final byte[] PNG_SIGNATURE = {
        (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
    };
    private static final byte[] JPEG_SIGNATURE = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    private final ValidationLimits limits;

    public SemanticChecks(ValidationLimits limits) {
        this.limits = limits;
    }

    /** Adds to {@code problems} what is wrong with {@code record}, a current-version record. */
    public void check(RecordType<?> type, JsonNode record, List<ValidationProblem> problems) {
        checkFinite("$", record, problems);
        checkAttributes(record.get("attributes"), problems);
        if (type.equals(RecordType.IMAGE_EVENT)) {
            checkImage(record.get("image"), problems);
        } else if (type.equals(RecordType.FEATURE_EVENT)) {
            checkFeatures(record.get("features"), problems);
        } else if (type.equals(RecordType.OOD_RATE_WINDOW)) {
            checkWindow(record, problems);
        } else if (type.equals(RecordType.DEAD_LETTER)) {
            decodeBase64("$.payload", record.get("payload"), problems);
            decodeBase64("$.original_key", record.get("original_key"), problems);
        }
    }

    /**
     * Adds to {@code problems} every NaN or infinite number and every string or name that is not
     * valid Unicode in {@code record}.
     */
    public void checkFiniteOnly(JsonNode record, List<ValidationProblem> problems) {
        checkFinite("$", record, problems);
    }

    /** Which of the PNG or JPEG signatures {@code bytes} start with, or null. */
    public static String sniffFormat(byte[] bytes) {
        if (startsWith(bytes, PNG_SIGNATURE)) {
            return "png";
        }
        if (startsWith(bytes, JPEG_SIGNATURE)) {
            return "jpeg";
        }
        return null;
    }

    private static void checkFinite(String path, JsonNode node, List<ValidationProblem> problems) {
        if (node.isNumber()) {
            double value = node.doubleValue();
            if (Double.isNaN(value)) {
                problems.add(new ValidationProblem(path, "NaN is not allowed"));
            } else if (Double.isInfinite(value)) {
                problems.add(new ValidationProblem(path, "Infinity is not allowed"));
            }
        } else if (node.isTextual()) {
            checkUnicode(path, "the string", node.textValue(), problems);
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkFinite(path + "[" + i + "]", node.get(i), problems);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String fieldPath = path + "." + Printable.of(field.getKey());
                checkUnicode(fieldPath, "the name", field.getKey(), problems);
                checkFinite(fieldPath, field.getValue(), problems);
            }
        }
    }

    /**
     * A lone surrogate (a {@code \\ud800} escape without its pair) makes a string that no UTF-8
     * writer can encode: accepted here, it would break every later step that writes it, such as a
     * replay's output files.
     */
    private static void checkUnicode(
            String path, String what, String text, List<ValidationProblem> problems) {
        int at = Printable.firstUnpairedSurrogate(text);
        if (at >= 0) {
            problems.add(
                    new ValidationProblem(
                            path,
                            String.format(
                                    "%s is not valid Unicode: an unpaired surrogate \\u%04X at"
                                            + " index %d",
                                    what, (int) text.charAt(at), at)));
        }
    }

    private void checkAttributes(JsonNode attributes, List<ValidationProblem> problems) {
        if (attributes != null
                && attributes.isObject()
                && attributes.size() > limits.maxAttributes()) {
            problems.add(
                    new ValidationProblem(
                            "$.attributes",
                            attributes.size()
                                    + " attributes, the limit is "
                                    + limits.maxAttributes()));
        }
    }

    private void checkImage(JsonNode image, List<ValidationProblem> problems) {
        if (image == null || !image.isObject()) {
            return;
        }
        byte[] data = decodeBase64("$.image.data", image.get("data"), problems);
        if (data == null) {
            return;
        }
        if (data.length > limits.maxImageBytes()) {
            problems.add(
                    new ValidationProblem(
                            "$.image.data",
                            "image is "
                                    + data.length
                                    + " bytes, the limit is "
                                    + limits.maxImageBytes()));
            return;
        }
        String encoding = image.path("encoding").asText();
        if (encoding.equals("raw")) {
            checkRawShape(image, data.length, problems);
        } else if (encoding.equals("png") || encoding.equals("jpeg")) {
            String actual = sniffFormat(data);
            if (!encoding.equals(actual)) {
                problems.add(
                        new ValidationProblem(
                                "$.image.data",
                                "declared "
                                        + encoding
                                        + " but the bytes are "
                                        + (actual == null ? "neither PNG nor JPEG" : actual)));
            }
        }
    }

    private void checkRawShape(JsonNode image, int length, List<ValidationProblem> problems) {
        long height = image.path("height").asLong(0);
        long width = image.path("width").asLong(0);
        long channels = image.path("channels").asLong(0);
        if (height > limits.maxImageSide() || width > limits.maxImageSide()) {
            problems.add(
                    new ValidationProblem(
                            "$.image",
                            height
                                    + "x"
                                    + width
                                    + " exceeds the side limit of "
                                    + limits.maxImageSide()));
            return;
        }
        String problem = ImagePayload.rawSizeProblem(height, width, channels, length);
        if (height * width > 0 && (channels == 1 || channels == 3) && problem != null) {
            problems.add(new ValidationProblem("$.image.data", problem));
        }
    }

    private void checkFeatures(JsonNode features, List<ValidationProblem> problems) {
        if (features == null || !features.isArray()) {
            return;
        }
        if (features.size() > limits.maxVectorLength()) {
            problems.add(
                    new ValidationProblem(
                            "$.features",
                            features.size() + " values, the limit is " + limits.maxVectorLength()));
            return;
        }
        for (int i = 0; i < features.size(); i++) {
            JsonNode value = features.get(i);
            double d = value.doubleValue();
            if (value.isNumber() && Double.isFinite(d) && Float.isInfinite((float) d)) {
                problems.add(
                        new ValidationProblem(
                                "$.features[" + i + "]", d + " is outside the float range"));
            }
        }
    }

    private static void checkWindow(JsonNode window, List<ValidationProblem> problems) {
        long start = window.path("window_start").asLong();
        long end = window.path("window_end").asLong();
        if (end <= start) {
            problems.add(
                    new ValidationProblem(
                            "$.window_end",
                            "must be after window_start (" + start + "), was " + end));
        }
        long events = window.path("event_count").asLong();
        long ood = window.path("ood_count").asLong();
        if (ood > events) {
            problems.add(
                    new ValidationProblem("$.ood_count", ood + " exceeds event_count " + events));
        } else {
            double expected = events == 0 ? 0.0 : (double) ood / events;
            double rate = window.path("ood_rate").asDouble();
            if (Math.abs(rate - expected) > 1e-9) {
                problems.add(
                        new ValidationProblem(
                                "$.ood_rate",
                                "is " + rate + " but ood_count / event_count is " + expected));
            }
        }
        checkAgreement(window.path("shadow_agreement"), events, ood, problems);
    }

    /** Each shadow's counts fit inside the window's: at most its events, its live OOD events. */
    private static void checkAgreement(
            JsonNode agreements, long events, long ood, List<ValidationProblem> problems) {
        if (!agreements.isArray()) {
            return;
        }
        for (int i = 0; i < agreements.size(); i++) {
            JsonNode a = agreements.get(i);
            String path = "$.shadow_agreement[" + i + "]";
            long count = a.path("event_count").asLong();
            long both = a.path("both_ood").asLong();
            long liveOnly = a.path("live_only").asLong();
            long shadowOnly = a.path("shadow_only").asLong();
            if (count > events) {
                problems.add(
                        new ValidationProblem(
                                path + ".event_count", count + " exceeds event_count " + events));
            }
            if (both + liveOnly + shadowOnly > count) {
                problems.add(
                        new ValidationProblem(
                                path,
                                "both_ood + live_only + shadow_only = "
                                        + (both + liveOnly + shadowOnly)
                                        + " exceeds its event_count "
                                        + count));
            }
            if (both + liveOnly > ood) {
                problems.add(
                        new ValidationProblem(
                                path,
                                "both_ood + live_only = "
                                        + (both + liveOnly)
                                        + " exceeds the window's ood_count "
                                        + ood));
            }
        }
    }

    private static byte[] decodeBase64(
            String path, JsonNode node, List<ValidationProblem> problems) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(node.textValue());
        } catch (IllegalArgumentException e) {
            problems.add(new ValidationProblem(path, "is not valid base64: " + e.getMessage()));
            return null;
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
