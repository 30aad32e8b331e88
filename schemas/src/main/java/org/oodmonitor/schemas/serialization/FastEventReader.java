package org.oodmonitor.schemas.serialization;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.oodmonitor.schemas.FeatureEvent;
import org.oodmonitor.schemas.ImageEncoding;
import org.oodmonitor.schemas.ImageEvent;
import org.oodmonitor.schemas.ImagePayload;
import org.oodmonitor.schemas.internal.SemanticChecks;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * The hot path of the monitor's input: reads a current-version image or feature event with
 * Jackson's streaming parser straight into its record, enforcing every rule its JSON Schema and the
 * semantic checks state (types, required and unknown fields, lengths, ranges, base64, decoded
 * sizes, raw shapes, image signatures, finite floats, valid Unicode), without building a tree or
 * running the generic validator.
 *
 * <p>It only ever vouches for a record: it returns null for anything it does not accept, including
 * previous versions and strings with surrogates, and the caller then reads the record with {@link
 * RecordReader}, which accepts what it may and explains what it rejects with JSON paths. So a
 * record's verdict and error message are the validator's, and the fast path only decides faster
 * when the answer is yes; {@code FastEventReaderTest} checks that it never says yes where the
 * validator says no, and that it reads the same record when both say yes.
 */
public final class FastEventReader {

    private static final int MAX_ID = 256;
    private static final int MAX_MODEL = 128;
    private static final int MAX_ATTRIBUTE = 1024;

    private final ValidationLimits limits;
    private final JsonFactory factory;

    public FastEventReader(ValidationLimits limits) {
        this.limits = limits;
        this.factory = RecordMapper.create().getFactory();
    }

    /** The image event in {@code bytes}, or null when the fast path does not vouch for it. */
    public ImageEvent readImage(byte[] bytes) {
        return read(bytes, true) instanceof ImageEvent e ? e : null;
    }

    /** The feature event in {@code bytes}, or null when the fast path does not vouch for it. */
    public FeatureEvent readFeatures(byte[] bytes) {
        return read(bytes, false) instanceof FeatureEvent e ? e : null;
    }

    private Object read(byte[] bytes, boolean image) {
        if (bytes == null || bytes.length == 0 || bytes.length > limits.maxRecordBytes()) {
            return null;
        }
        try (JsonParser p = factory.createParser(bytes)) {
            return image ? image(p) : features(p);
        } catch (IOException | RuntimeException e) {
            // Broken JSON, a duplicate key, a number out of range: the validator says what.
            return null;
        }
    }

    private ImageEvent image(JsonParser p) throws IOException {
        Fields f = event(p, ImageEvent.VERSION, "image", this::payload);
        return f == null
                ? null
                : new ImageEvent(
                        f.version,
                        f.id,
                        f.source,
                        f.model,
                        f.time,
                        (ImagePayload) f.payload,
                        f.attributes);
    }

    private FeatureEvent features(JsonParser p) throws IOException {
        Fields f = event(p, FeatureEvent.VERSION, "features", this::vector);
        return f == null
                ? null
                : new FeatureEvent(
                        f.version,
                        f.id,
                        f.source,
                        f.model,
                        f.time,
                        (float[]) f.payload,
                        f.attributes);
    }

    /** Reads one value of an event's payload field; null when the rules refuse it. */
    @FunctionalInterface
    private interface PayloadReader {
        Object read(JsonParser p, JsonToken t) throws IOException;
    }

    /**
     * The fields of a current-version event whose payload is field {@code payloadName}, or null
     * when anything is missing, unknown or refused.
     */
    private Fields event(JsonParser p, int version, String payloadName, PayloadReader payload)
            throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        Fields f = new Fields();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (name.equals(payloadName)) {
                f.payload = payload.read(p, t);
                if (f.payload == null) {
                    return null;
                }
            } else if (!f.read(name, t, p)) {
                return null;
            }
        }
        return f.complete(version) && f.payload != null && atEnd(p) ? f : null;
    }

    /** The fields image and feature events share. */
    private final class Fields {
        Integer version;
        String id;
        String source;
        String model;
        Long time;
        Map<String, String> attributes;
        Object payload;

        /** Reads field {@code name}; false for an unknown field or a value the rules refuse. */
        boolean read(String name, JsonToken t, JsonParser p) throws IOException {
            switch (name) {
                case "schema_version" -> {
                    version = t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
                    return version != null;
                }
                case "event_id" -> {
                    id = text(p, t, MAX_ID);
                    return id != null && !id.isEmpty();
                }
                case "source" -> {
                    source = text(p, t, MAX_ID);
                    return source != null && !source.isEmpty();
                }
                case "model_name" -> {
                    if (t == JsonToken.VALUE_NULL) {
                        return true;
                    }
                    model = text(p, t, MAX_MODEL);
                    return model != null && !model.isEmpty();
                }
                case "event_time" -> {
                    if (t != JsonToken.VALUE_NUMBER_INT
                            || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        return false;
                    }
                    time = p.getLongValue();
                    return time >= 0;
                }
                case "attributes" -> {
                    if (t == JsonToken.VALUE_NULL) {
                        return true;
                    }
                    attributes = attributes(p, t);
                    return attributes != null;
                }
                default -> {
                    return false;
                }
            }
        }

        boolean complete(int currentVersion) {
            return version != null
                    && version == currentVersion
                    && id != null
                    && source != null
                    && time != null;
        }
    }

    private ImagePayload payload(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            return null;
        }
        ImageEncoding encoding = null;
        String data = null;
        Integer height = null;
        Integer width = null;
        Integer channels = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "encoding" ->
                        encoding = encoding(v == JsonToken.VALUE_STRING ? p.getText() : "");
                case "data" -> data = v == JsonToken.VALUE_STRING ? p.getText() : null;
                case "height" -> height = positive(p, v);
                case "width" -> width = positive(p, v);
                case "channels" -> channels = positive(p, v);
                default -> {
                    return null;
                }
            }
            if (encoding == null && name.equals("encoding")
                    || data == null && name.equals("data")
                    || height == null && name.equals("height")
                    || width == null && name.equals("width")
                    || channels == null && name.equals("channels")) {
                return null;
            }
        }
        if (encoding == null || data == null || data.isEmpty()) {
            return null;
        }
        if (channels != null && channels != 1 && channels != 3) {
            return null;
        }
        byte[] bytes = Base64.getDecoder().decode(data);
        if (bytes.length > limits.maxImageBytes()) {
            return null;
        }
        if (encoding == ImageEncoding.RAW) {
            if (height == null
                    || width == null
                    || channels == null
                    || height > limits.maxImageSide()
                    || width > limits.maxImageSide()
                    || ImagePayload.rawSizeProblem(height, width, channels, bytes.length) != null) {
                return null;
            }
        } else if (!encoding.wireName().equals(SemanticChecks.sniffFormat(bytes))) {
            return null;
        }
        return new ImagePayload(encoding, bytes, height, width, channels);
    }

    private float[] vector(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            return null;
        }
        List<Float> values = new ArrayList<>();
        for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
            Float value = number(p, v);
            if (value == null || values.size() >= limits.maxVectorLength()) {
                return null;
            }
            values.add(value);
        }
        if (values.isEmpty()) {
            return null;
        }
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = values.get(i);
        }
        return vector;
    }

    /** A vector value as the validated path maps it: an int, a long or a double cast to float. */
    private static Float number(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return switch (p.getNumberType()) {
                case INT -> (float) p.getIntValue();
                case LONG -> (float) p.getLongValue();
                default -> null;
            };
        }
        if (t != JsonToken.VALUE_NUMBER_FLOAT) {
            return null;
        }
        double d = p.getDoubleValue();
        float f = (float) d;
        return Double.isFinite(d) && Float.isFinite(f) ? f : null;
    }

    private Map<String, String> attributes(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            return null;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            String value = text(p, p.nextToken(), MAX_ATTRIBUTE);
            if (value == null || !plain(key) || attributes.size() >= limits.maxAttributes()) {
                return null;
            }
            attributes.put(key, value);
        }
        return attributes;
    }

    /** A string of at most {@code max} characters without surrogates, or null. */
    private static String text(JsonParser p, JsonToken t, int max) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            return null;
        }
        String text = p.getText();
        return text.length() <= max && plain(text) ? text : null;
    }

    /**
     * Without surrogates, a string's length in characters is its length in code points, as the
     * schema counts, and it has no unpaired surrogate; strings with them take the validator's path.
     */
    private static boolean plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static Integer positive(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            return null;
        }
        int value = p.getIntValue();
        return value >= 1 ? value : null;
    }

    private static ImageEncoding encoding(String name) {
        for (ImageEncoding e : ImageEncoding.values()) {
            if (e.wireName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static boolean atEnd(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null;
    }
}
