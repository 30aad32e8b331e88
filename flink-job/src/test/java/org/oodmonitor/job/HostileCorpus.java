package org.oodmonitor.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.PooledFeatures;
import org.oodmonitor.inference.preprocess.TestImages;
import org.oodmonitor.schemas.ErrorCode;

/**
 * A deterministic corpus of hostile input records for both input topics, each with the dead-letter
 * code the job must give it.
 *
 * <p>Every record's key is its {@link BadRecord#kind() kind} in UTF-8, and kinds are unique, so a
 * test can match each dead letter back to its record through {@code original_key}. The records
 * assume the job of {@code HostileInputITCase}: models {@value #IMAGE_MODEL} (the default) and
 * {@value #VECTOR_MODEL} (the default of source {@value #VECTOR_SOURCE}), {@code
 * ood.event-time.max-age} between {@link #EVENT_AGE} and {@link #MAX_AGE}, the default {@code
 * ood.event-time.max-future} (5 minutes), and the limits {@link #MAX_RECORD_BYTES} and {@link
 * #MAX_IMAGE_BYTES}. Apart from its one fault, every record is a valid event of its topic with an
 * event time {@link #EVENT_AGE} before {@code now}. Images are real Fashion-MNIST test images from
 * the committed sample.
 */
public final class HostileCorpus {

    /**
     * One bad record to send, the input topic kind it goes to and the dead-letter code it must get.
     */
    public record BadRecord(
            String kind, boolean imagesTopic, byte[] key, byte[] value, ErrorCode expected) {}

    /**
     * The {@code ood.limits.max-record-bytes} the records assume: well below Kafka's default 1 MB
     * record limit, so that an oversized record still reaches the job.
     */
    public static final int MAX_RECORD_BYTES = 512 * 1024;

    /**
     * The {@code ood.limits.max-image-bytes} the records assume; it must be set too, since the
     * default (4 MiB) may not exceed {@link #MAX_RECORD_BYTES}.
     */
    public static final int MAX_IMAGE_BYTES = 256 * 1024;

    /** The job's output limit in the test: under the emoji record's 480 KB of attributes. */
    public static final int MAX_OUTPUT_BYTES = 256 * 1024;

    /**
     * How long before {@code now} the records' event times lie: longer than any good traffic of the
     * integration tests, so that the records that parse (and fail only in the scoring operator)
     * never move a watermark past good events and make them late.
     */
    public static final Duration EVENT_AGE = Duration.ofMinutes(5);

    /** The longest {@code ood.event-time.max-age} under which the old events are refused. */
    public static final Duration MAX_AGE = Duration.ofDays(30);

    public static final String IMAGE_MODEL = "fashion-mnist-isomax";
    public static final String VECTOR_MODEL = "fashion-pooled-vectors";
    public static final String VECTOR_SOURCE = "embedding-api";

    private static final String IMAGE_SOURCE = "hostile-camera";
    private static final int SIDE = 28;
    private static final int VECTOR_DIMENSION = 49;
    private static final long SEED = 20_261_124L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ImageSet fashion;

    private final long time;
    private final Random random = new Random(SEED);
    private final List<BadRecord> records = new ArrayList<>();
    private final Set<String> kinds = new HashSet<>();
    private int nextImage;

    private HostileCorpus(long now) {
        this.time = now - EVENT_AGE.toMillis();
    }

    /**
     * The corpus, in a fixed order, for records produced at wall-clock time {@code now} (epoch
     * milliseconds); the same {@code now} gives the same bytes.
     */
    public static List<BadRecord> records(long now) {
        HostileCorpus c = new HostileCorpus(now);
        c.emptyAndNotJson();
        c.brokenJson();
        c.sizeLimits();
        c.wrongTypesAndFields();
        c.versions();
        c.features();
        c.images();
        c.models();
        c.eventTimes(now);
        c.attributesAndStrings();
        c.wrongTopic();
        c.hugeErrorMessages();
        return List.copyOf(c.records);
    }

    /** The kinds of {@link #records}, in order; each occurs once. */
    public static List<String> kinds() {
        return records(0L).stream().map(BadRecord::kind).toList();
    }

    private void emptyAndNotJson() {
        image("tombstone", (byte[]) null, ErrorCode.EMPTY_RECORD);
        vector("empty-value", new byte[0], ErrorCode.EMPTY_RECORD);
        // Jackson reads blank input as a missing node: not a JSON object.
        image("whitespace-only", utf8(" \n\t\r "), ErrorCode.MALFORMED_JSON);
        vector("null-top-level", utf8("null"), ErrorCode.MALFORMED_JSON);
        image("string-top-level", utf8("\"an image\""), ErrorCode.MALFORMED_JSON);
        vector("number-top-level", utf8("42"), ErrorCode.MALFORMED_JSON);
        image("array-top-level", utf8("[" + text(imageEvent()) + "]"), ErrorCode.MALFORMED_JSON);
        byte[] garbage = new byte[1000];
        random.nextBytes(garbage);
        vector("random-bytes", garbage, ErrorCode.MALFORMED_JSON);
        image("empty-object", utf8("{}"), ErrorCode.SCHEMA_VIOLATION);
    }

    private void brokenJson() {
        String image = text(imageEvent());
        String vector = text(vectorEvent());
        image("truncated", utf8(image.substring(0, image.length() / 2)), ErrorCode.MALFORMED_JSON);
        vector(
                "truncated-last-brace",
                utf8(vector.substring(0, vector.length() - 1)),
                ErrorCode.MALFORMED_JSON);
        image("trailing-garbage", utf8(image + " xyz"), ErrorCode.MALFORMED_JSON);
        vector("two-objects", utf8(vector + vector), ErrorCode.MALFORMED_JSON);
        image("single-quotes", utf8(image.replace('"', '\'')), ErrorCode.MALFORMED_JSON);
        vector(
                "comment",
                utf8("/* a comment */ " + vector.replace(",\"source\"", ", // more\n\"source\"")),
                ErrorCode.MALFORMED_JSON);
        image(
                "duplicate-key",
                utf8(image.replace(",\"source\":", ",\"source\":\"again\",\"source\":")),
                ErrorCode.MALFORMED_JSON);
        vector(
                "unterminated-string",
                utf8(vector.substring(0, vector.indexOf("\"source\":\"") + 12)),
                ErrorCode.MALFORMED_JSON);
        image("trailing-comma", utf8(image.replace("}}", "},}")), ErrorCode.MALFORMED_JSON);
        vector(
                "unquoted-key",
                utf8(vector.replace("\"event_id\"", "event_id")),
                ErrorCode.MALFORMED_JSON);
        // 5000 levels: over Jackson's nesting limit (1000), refused by the parser.
        image("deep-nesting", utf8("[".repeat(5000) + "]".repeat(5000)), ErrorCode.MALFORMED_JSON);
        // 900 levels inside a field: parses, then breaks the schema (attributes are strings).
        ObjectNode deep = imageEvent();
        deep.putObject("attributes").set("nested", parse("[".repeat(900) + "]".repeat(900)));
        image("deep-nesting-in-attributes", deep, ErrorCode.SCHEMA_VIOLATION);
        // A number literal longer than Jackson's limit of 1000 digits.
        vector(
                "huge-number-literal",
                utf8(vector.replace(eventTime(time), eventTime("1" + "0".repeat(1500)))),
                ErrorCode.MALFORMED_JSON);
        // 0xC3 0x28: a two-byte UTF-8 sequence with an invalid continuation byte.
        image(
                "invalid-utf8",
                splice(utf8(image), "\"source\":\"", new byte[] {(byte) 0xc3, 0x28}),
                ErrorCode.MALFORMED_JSON);
        image(
                "control-char-in-string",
                splice(utf8(image), "\"source\":\"", new byte[] {0x01}),
                ErrorCode.MALFORMED_JSON);
        vector("trailing-nul-byte", concat(utf8(vector), new byte[] {0}), ErrorCode.MALFORMED_JSON);
    }

    private void sizeLimits() {
        // Over ood.limits.max-record-bytes (refused before parsing) but under Kafka's 1 MB.
        ObjectNode big = imageEvent();
        big.putObject("attributes").put("padding", "x".repeat(MAX_RECORD_BYTES + 64 * 1024));
        image("oversized-record", big, ErrorCode.OVERSIZED_RECORD);
        // A 300 KB raw image: within the record limit, over ood.limits.max-image-bytes.
        byte[] pixels = new byte[300 * 1000];
        random.nextBytes(pixels);
        image(
                "oversized-image",
                imageEvent("raw", pixels, 300, 1000, 1),
                ErrorCode.SCHEMA_VIOLATION);
        ObjectNode vector = vectorEvent();
        ArrayNode tooLong = vector.putArray("features");
        for (int i = 0; i < 65_537; i++) {
            tooLong.add(0.5);
        }
        vector("features-over-length-limit", vector, ErrorCode.SCHEMA_VIOLATION);
    }

    private void wrongTypesAndFields() {
        ObjectNode e = imageEvent();
        e.put("event_id", 12345);
        image("event-id-number", e, ErrorCode.SCHEMA_VIOLATION);
        e = imageEvent();
        e.put("event_time", Instant.ofEpochMilli(time).toString());
        image("event-time-string", e, ErrorCode.SCHEMA_VIOLATION);
        e = imageEvent();
        e.put("event_time", time + 0.5);
        image("event-time-fraction", e, ErrorCode.SCHEMA_VIOLATION);
        // A valid JSON integer, but larger than a Java long.
        vector(
                "event-time-beyond-long",
                utf8(text(vectorEvent()).replace(eventTime(time), eventTime("1" + "0".repeat(25)))),
                ErrorCode.SCHEMA_VIOLATION);
        vector(
                "event-time-1e300",
                utf8(text(vectorEvent()).replace(eventTime(time), eventTime("1e300"))),
                ErrorCode.SCHEMA_VIOLATION);
        e = imageEvent();
        e.putNull("event_time");
        image("event-time-null", e, ErrorCode.SCHEMA_VIOLATION);
        ObjectNode v = vectorEvent();
        v.put("features", "0.1,0.2,0.3");
        vector("features-string", v, ErrorCode.SCHEMA_VIOLATION);
        e = imageEvent();
        ((ObjectNode) e.get("image")).put("height", -28);
        image("height-negative", e, ErrorCode.SCHEMA_VIOLATION);
        e = imageEvent();
        ((ObjectNode) e.get("image")).put("channels", 2);
        image("channels-two", e, ErrorCode.SCHEMA_VIOLATION);
        e = imageEvent();
        ((ObjectNode) e.get("image")).put("encoding", "webp");
        image("encoding-unknown", e, ErrorCode.SCHEMA_VIOLATION);
        e = imageEvent();
        e.put("image", e.get("image").get("data").textValue());
        image("image-not-object", e, ErrorCode.SCHEMA_VIOLATION);
        e = imageEvent();
        e.remove("event_id");
        image("missing-event-id", e, ErrorCode.SCHEMA_VIOLATION);
        e = imageEvent();
        e.remove("image");
        image("missing-image", e, ErrorCode.SCHEMA_VIOLATION);
        v = vectorEvent();
        v.remove("features");
        vector("missing-features", v, ErrorCode.SCHEMA_VIOLATION);
        v = vectorEvent();
        v.remove("event_time");
        vector("missing-event-time", v, ErrorCode.SCHEMA_VIOLATION);
        e = imageEvent();
        ((ObjectNode) e.get("image")).remove("height");
        image("raw-missing-height", e, ErrorCode.SCHEMA_VIOLATION);
        e = imageEvent();
        e.put("camera_angle", 45);
        image("unknown-field", e, ErrorCode.SCHEMA_VIOLATION);
        e = imageEvent();
        ((ObjectNode) e.get("image")).put("format", "png");
        image("unknown-field-in-image", e, ErrorCode.SCHEMA_VIOLATION);
    }

    private void versions() {
        ObjectNode e = imageEvent();
        e.put("schema_version", 99);
        image("schema-version-99", e, ErrorCode.UNSUPPORTED_VERSION);
        e = imageEvent();
        e.put("schema_version", 0);
        image("schema-version-0", e, ErrorCode.UNSUPPORTED_VERSION);
        e = imageEvent();
        e.put("schema_version", "2");
        image("schema-version-string", e, ErrorCode.SCHEMA_VIOLATION);
        e = imageEvent();
        e.remove("schema_version");
        image("schema-version-missing", e, ErrorCode.SCHEMA_VIOLATION);
        ObjectNode v = vectorEvent();
        v.put("schema_version", 2);
        vector("feature-schema-version-2", v, ErrorCode.UNSUPPORTED_VERSION);
        // Version 1 image events carry a PNG or JPEG file; raw pixels cannot be upgraded.
        ObjectNode v1 = imageEvent();
        v1.put("schema_version", 1);
        v1.put("image_base64", v1.get("image").get("data").textValue());
        v1.remove("image");
        image("v1-image-not-png-or-jpeg", v1, ErrorCode.SCHEMA_VIOLATION);
    }

    private void features() {
        String vector = text(vectorEvent());
        for (String literal : List.of("NaN", "Infinity", "-Infinity", "1e400")) {
            vector(
                    "features-" + literal.toLowerCase().replace("-", "minus-"),
                    firstFeature(vector, literal),
                    ErrorCode.SCHEMA_VIOLATION);
        }
        // Finite as a double, infinite as the float the model takes.
        vector("features-beyond-float", firstFeature(vector, "1e39"), ErrorCode.SCHEMA_VIOLATION);
        vector("features-leading-plus", firstFeature(vector, "+1"), ErrorCode.MALFORMED_JSON);
        vector("features-leading-zero", firstFeature(vector, "01"), ErrorCode.MALFORMED_JSON);
        vector("features-boolean", firstFeature(vector, "true"), ErrorCode.SCHEMA_VIOLATION);
        vector("features-null-value", firstFeature(vector, "null"), ErrorCode.SCHEMA_VIOLATION);
        ObjectNode v = vectorEvent();
        v.putArray("features");
        vector("features-empty", v, ErrorCode.SCHEMA_VIOLATION);
        v = vectorEvent();
        ((ArrayNode) v.get("features")).remove(0);
        vector("features-dimension-48", v, ErrorCode.WRONG_DIMENSION);
        v = vectorEvent();
        ((ArrayNode) v.get("features")).add(0.5);
        vector("features-dimension-50", v, ErrorCode.WRONG_DIMENSION);
        v = vectorEvent();
        v.put("model_name", IMAGE_MODEL);
        vector("features-for-image-model", v, ErrorCode.WRONG_DIMENSION);
        // No model name, and a source without a default of its own: the job's default, the
        // image model.
        v = vectorEvent();
        v.remove("model_name");
        v.put("source", "unknown-api");
        vector("features-default-image-model", v, ErrorCode.WRONG_DIMENSION);
        // 3e38 is a finite float, but the model's distances overflow.
        v = vectorEvent();
        ArrayNode huge = v.putArray("features");
        for (int i = 0; i < VECTOR_DIMENSION; i++) {
            huge.add(3e38f);
        }
        vector("features-overflow-logits", v, ErrorCode.INFERENCE_FAILED);
    }

    private void images() {
        byte[] pixels = nextFashion();
        ObjectNode e = imageEvent();
        ((ObjectNode) e.get("image")).put("data", "not base64!");
        image("base64-invalid", e, ErrorCode.SCHEMA_VIOLATION);
        e = imageEvent();
        ((ObjectNode) e.get("image")).put("data", "");
        image("image-data-empty", e, ErrorCode.SCHEMA_VIOLATION);
        image(
                "raw-byte-count-mismatch",
                imageEvent("raw", Arrays.copyOf(pixels, 700), SIDE, SIDE, 1),
                ErrorCode.SCHEMA_VIOLATION);
        image(
                "raw-channels-mismatch",
                imageEvent("raw", pixels, SIDE, SIDE, 3),
                ErrorCode.SCHEMA_VIOLATION);
        image(
                "raw-side-over-limit",
                imageEvent("raw", new byte[4097], 4097, 1, 1),
                ErrorCode.SCHEMA_VIOLATION);
        byte[] big = padded(pixels, 32);
        image("raw-32x32", imageEvent("raw", big, 32, 32, 1), ErrorCode.WRONG_SHAPE);
        image(
                "png-32x32",
                imageEvent("png", TestImages.png(TestImages.gray(big, 32)), 0, 0, 0),
                ErrorCode.WRONG_SHAPE);
        image(
                "jpeg-32x32",
                imageEvent("jpeg", TestImages.jpeg(TestImages.gray(big, 32), 0.95f), 0, 0, 0),
                ErrorCode.WRONG_SHAPE);
        byte[] png = TestImages.png(TestImages.gray(pixels, SIDE));
        byte[] jpeg = TestImages.jpeg(TestImages.gray(pixels, SIDE), 0.95f);
        byte[] noise = new byte[600];
        random.nextBytes(noise);
        image(
                "png-signature-then-garbage",
                imageEvent("png", concat(Arrays.copyOf(png, 8), noise), 0, 0, 0),
                ErrorCode.CORRUPT_IMAGE);
        image(
                "png-declared-garbage",
                imageEvent("png", noise, 0, 0, 0),
                ErrorCode.SCHEMA_VIOLATION);
        image(
                "png-truncated-header",
                imageEvent("png", Arrays.copyOf(png, 40), 0, 0, 0),
                ErrorCode.CORRUPT_IMAGE);
        image(
                "png-truncated-data",
                imageEvent("png", Arrays.copyOf(png, png.length / 2), 0, 0, 0),
                ErrorCode.CORRUPT_IMAGE);
        image(
                "png-decompression-bomb",
                imageEvent("png", TestImages.pngBomb(100_000, 100_000), 0, 0, 0),
                ErrorCode.WRONG_SHAPE);
        image(
                "png-palette-without-plte",
                imageEvent(
                        "png",
                        TestImages.handMadePng(SIDE, SIDE, 3, new byte[SIDE * (SIDE + 1)]),
                        0,
                        0,
                        0),
                ErrorCode.CORRUPT_IMAGE);
        image("jpeg-declared-png", imageEvent("png", jpeg, 0, 0, 0), ErrorCode.SCHEMA_VIOLATION);
        image("png-declared-jpeg", imageEvent("jpeg", png, 0, 0, 0), ErrorCode.SCHEMA_VIOLATION);
        image(
                "jpeg-signature-then-garbage",
                imageEvent("jpeg", concat(Arrays.copyOf(jpeg, 3), noise), 0, 0, 0),
                ErrorCode.CORRUPT_IMAGE);
        // Cut before the start-of-scan marker; a JPEG cut after it decodes (libjpeg pads it).
        image(
                "jpeg-truncated-header",
                imageEvent("jpeg", Arrays.copyOf(jpeg, TestImages.startOfScan(jpeg) - 4), 0, 0, 0),
                ErrorCode.CORRUPT_IMAGE);
    }

    private void models() {
        ObjectNode e = imageEvent();
        e.put("model_name", "no-such-model");
        image("unknown-model", e, ErrorCode.UNKNOWN_MODEL);
        ObjectNode v = vectorEvent();
        v.put("model_name", "no-such-model");
        vector("unknown-vector-model", v, ErrorCode.UNKNOWN_MODEL);
        e = imageEvent();
        e.put("model_name", VECTOR_MODEL);
        image("image-for-vector-model", e, ErrorCode.WRONG_SHAPE);
        e = imageEvent();
        e.put("model_name", "");
        image("model-name-empty", e, ErrorCode.SCHEMA_VIOLATION);
    }

    private void eventTimes(long now) {
        ObjectNode e = imageEvent();
        e.put("event_time", now + Duration.ofDays(3653).toMillis());
        image("event-time-10-years-ahead", e, ErrorCode.EVENT_TIME_OUT_OF_RANGE);
        ObjectNode v = vectorEvent();
        v.put("event_time", now + Duration.ofMinutes(30).toMillis());
        vector("event-time-30-minutes-ahead", v, ErrorCode.EVENT_TIME_OUT_OF_RANGE);
        e = imageEvent();
        e.put("event_time", Instant.parse("1971-01-01T00:00:00Z").toEpochMilli());
        image("event-time-1971", e, ErrorCode.EVENT_TIME_OUT_OF_RANGE);
        v = vectorEvent();
        v.put("event_time", now - MAX_AGE.plusDays(1).toMillis());
        vector("event-time-31-days-old", v, ErrorCode.EVENT_TIME_OUT_OF_RANGE);
        e = imageEvent();
        e.put("event_time", 0L);
        image("event-time-zero", e, ErrorCode.EVENT_TIME_OUT_OF_RANGE);
        e = imageEvent();
        e.put("event_time", Long.MAX_VALUE);
        image("event-time-max-long", e, ErrorCode.EVENT_TIME_OUT_OF_RANGE);
        e = imageEvent();
        e.put("event_time", -1L);
        image("event-time-negative", e, ErrorCode.SCHEMA_VIOLATION);
    }

    private void attributesAndStrings() {
        ObjectNode e = imageEvent();
        ObjectNode many = e.putObject("attributes");
        for (int i = 0; i < 65; i++) {
            many.put("a" + i, "v");
        }
        image("too-many-attributes", e, ErrorCode.SCHEMA_VIOLATION);
        e = imageEvent();
        e.putObject("attributes").put("count", 3);
        image("attribute-not-string", e, ErrorCode.SCHEMA_VIOLATION);
        ObjectNode v = vectorEvent();
        v.putObject("attributes").put("note", "x".repeat(1025));
        vector("attribute-too-long", v, ErrorCode.SCHEMA_VIOLATION);
        v = vectorEvent();
        v.putObject("attributes").putNull("note");
        vector("attribute-value-null", v, ErrorCode.SCHEMA_VIOLATION);
        e = imageEvent();
        e.put("attributes", "a=b");
        image("attributes-not-object", e, ErrorCode.SCHEMA_VIOLATION);
        e = imageEvent();
        e.put("event_id", "e".repeat(257));
        image("event-id-too-long", e, ErrorCode.SCHEMA_VIOLATION);
        v = vectorEvent();
        v.put("event_id", "");
        vector("event-id-empty", v, ErrorCode.SCHEMA_VIOLATION);
        e = imageEvent();
        e.put("source", "");
        image("source-empty", e, ErrorCode.SCHEMA_VIOLATION);
        v = vectorEvent();
        v.put("source", "s".repeat(257));
        vector("source-too-long", v, ErrorCode.SCHEMA_VIOLATION);
        // #19 B6: a lone surrogate is valid JSON but no valid Unicode; scored live, it broke the
        // replay's UTF-8 output files ("Input length = 1").
        String image = text(imageEvent());
        image(
                "lone-surrogate-source",
                utf8(image.replace("\"source\":\"" + IMAGE_SOURCE, "\"source\":\"\\ud800")),
                ErrorCode.SCHEMA_VIOLATION);
        String vector = text(vectorEvent());
        vector(
                "lone-surrogate-attribute-key",
                utf8(
                        vector.substring(0, vector.length() - 1)
                                + ",\"attributes\":{\"\\udc00k\":\"v\"}}"),
                ErrorCode.SCHEMA_VIOLATION);
        // #19 B8: terminal controls, a forged line and a right-to-left override in a model name
        // reach the dead letter's message, which must carry them escaped.
        // #19 B1: 4-byte emoji in attribute keys; written as 12-byte escapes, the score record was
        // three times the input and its RecordTooLargeException killed the task. Now written as
        // UTF-8 and, being over the job's output limit here, dead-lettered.
        e = imageEvent();
        ObjectNode emoji = e.putObject("attributes");
        for (int i = 0; i < 60; i++) {
            emoji.put(i + "\ud83d\ude00".repeat(2000), "v");
        }
        image("emoji-attributes-make-output-too-large", e, ErrorCode.OVERSIZED_RECORD);
        e = imageEvent();
        e.put("model_name", "\u001b[2J\u001b[31m\nDEAD LETTER forged\u0000\u202e");
        image("control-chars-in-model-name", e, ErrorCode.UNKNOWN_MODEL);
    }

    private void wrongTopic() {
        // Version 2 of an image event is no version of a feature event.
        vector("image-event-on-features-topic", imageEvent(), ErrorCode.UNSUPPORTED_VERSION);
        image("feature-event-on-images-topic", vectorEvent(), ErrorCode.SCHEMA_VIOLATION);
    }

    /**
     * Small records with one problem per element: each breaks the schema in tens of thousands of
     * places, and a dead letter that lists every problem would be over 2 MB, more than Kafka takes.
     */
    private void hugeErrorMessages() {
        String vector = text(vectorEvent());
        StringBuilder unknown = new StringBuilder(vector.substring(0, vector.length() - 1));
        for (int i = 0; unknown.length() < MAX_RECORD_BYTES - 32 * 1024; i++) {
            unknown.append(",\"p").append(i).append("\":0");
        }
        vector(
                "many-unknown-properties",
                utf8(unknown.append('}').toString()),
                ErrorCode.SCHEMA_VIOLATION);
        String marker = "\"features\":[";
        int open = vector.indexOf(marker) + marker.length();
        int close = vector.indexOf(']', open);
        String nan = String.join(",", Collections.nCopies(65_536, "NaN"));
        vector(
                "features-65536-nan",
                utf8(vector.substring(0, open) + nan + vector.substring(close)),
                ErrorCode.SCHEMA_VIOLATION);
    }

    // ---- building records ----

    private void image(String kind, JsonNode value, ErrorCode expected) {
        image(kind, bytes(withId(value, kind)), expected);
    }

    private void vector(String kind, JsonNode value, ErrorCode expected) {
        vector(kind, bytes(withId(value, kind)), expected);
    }

    private void image(String kind, byte[] value, ErrorCode expected) {
        add(kind, true, value, expected);
    }

    private void vector(String kind, byte[] value, ErrorCode expected) {
        add(kind, false, value, expected);
    }

    private void add(String kind, boolean imagesTopic, byte[] value, ErrorCode expected) {
        if (!kinds.add(kind)) {
            throw new IllegalStateException("duplicate kind " + kind);
        }
        records.add(new BadRecord(kind, imagesTopic, utf8(kind), value, expected));
    }

    /** Names the event after its kind, where the record has a usable event id. */
    private static JsonNode withId(JsonNode value, String kind) {
        if (value instanceof ObjectNode o
                && o.path("event_id").isTextual()
                && !o.path("event_id").textValue().isEmpty()
                && o.path("event_id").textValue().length() <= 256) {
            o.put("event_id", kind);
        }
        return value;
    }

    /** A valid image event: a raw Fashion-MNIST image for the default model. */
    private ObjectNode imageEvent() {
        return imageEvent("raw", nextFashion(), SIDE, SIDE, 1);
    }

    /** A valid image event but for {@code image}; shape fields of 0 are left out. */
    private ObjectNode imageEvent(
            String encoding, byte[] data, int height, int width, int channels) {
        ObjectNode e = JSON.createObjectNode();
        e.put("schema_version", 2);
        e.put("event_id", "hostile");
        e.put("source", IMAGE_SOURCE);
        e.put("event_time", time);
        ObjectNode image = e.putObject("image");
        image.put("encoding", encoding);
        image.put("data", Base64.getEncoder().encodeToString(data));
        if (height > 0) {
            image.put("height", height);
        }
        if (width > 0) {
            image.put("width", width);
        }
        if (channels > 0) {
            image.put("channels", channels);
        }
        return e;
    }

    /** A valid feature event: the pooled pixels of a Fashion-MNIST image, for the vector model. */
    private ObjectNode vectorEvent() {
        ObjectNode e = JSON.createObjectNode();
        e.put("schema_version", 1);
        e.put("event_id", "hostile");
        e.put("source", VECTOR_SOURCE);
        e.put("model_name", VECTOR_MODEL);
        e.put("event_time", time);
        ArrayNode features = e.putArray("features");
        for (float f : PooledFeatures.of(nextFashion())) {
            features.add(f);
        }
        return e;
    }

    private byte[] nextFashion() {
        ImageSet set = fashion();
        int index = nextImage++ % set.count();
        return Arrays.copyOfRange(
                set.pixels(), index * set.imageSize(), (index + 1) * set.imageSize());
    }

    private static synchronized ImageSet fashion() {
        if (fashion == null) {
            try {
                fashion =
                        IdxFiles.readImages(
                                Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"),
                                null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return fashion;
    }

    // ---- images ----

    /** The 28x28 {@code pixels} centred on a black {@code side x side} canvas. */
    private static byte[] padded(byte[] pixels, int side) {
        byte[] out = new byte[side * side];
        int margin = (side - SIDE) / 2;
        for (int y = 0; y < SIDE; y++) {
            System.arraycopy(pixels, y * SIDE, out, (y + margin) * side + margin, SIDE);
        }
        return out;
    }

    // ---- bytes ----

    /** The JSON text of an event_time field whose value is written as {@code literal}. */
    private static String eventTime(Object literal) {
        return "\"event_time\":" + literal;
    }

    /** The feature event {@code json} with its first feature value written as {@code literal}. */
    private static byte[] firstFeature(String json, String literal) {
        int first = json.indexOf("\"features\":[") + "\"features\":[".length();
        int comma = json.indexOf(',', first);
        return utf8(json.substring(0, first) + literal + json.substring(comma));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode node) {
        return node.toString();
    }

    private static byte[] bytes(JsonNode node) {
        return utf8(text(node));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** {@code json} with {@code inserted} right after the first occurrence of {@code after}. */
    private static byte[] splice(byte[] json, String after, byte[] inserted) {
        String s = new String(json, StandardCharsets.UTF_8);
        int at = s.indexOf(after);
        if (at < 0) {
            throw new IllegalArgumentException("no " + after);
        }
        byte[] head = utf8(s.substring(0, at + after.length()));
        byte[] tail = utf8(s.substring(at + after.length()));
        return concat(concat(head, inserted), tail);
    }
}
