package org.oodmonitor.schemas.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.validation.ValidationProblem;

/** Loads the bundled JSON Schemas (draft 2020-12) once and checks records against them. */
public final class JsonSchemaCatalog {

    private static final JsonSchemaFactory FACTORY =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    /** The problems the schema of {@code type} at {@code version} finds in {@code record}. */
    public List<ValidationProblem> check(RecordType<?> type, int version, JsonNode record) {
        JsonSchema schema = schemas.computeIfAbsent(type.schemaResource(version), this::load);
        List<ValidationProblem> problems = new ArrayList<>();
        for (ValidationMessage message : schema.validate(record)) {
            problems.add(toProblem(message));
        }
        problems.sort(Comparator.comparing(ValidationProblem::toString));
        return problems;
    }

    private JsonSchema load(String resource) {
        try (InputStream in = JsonSchemaCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Schema resource missing: " + resource);
            }
            return FACTORY.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read schema " + resource, e);
        }
    }

    private static ValidationProblem toProblem(ValidationMessage message) {
        String path = message.getInstanceLocation().toString();
        // A missing property is reported at its parent; point at the property itself.
        if ("required".equals(message.getType()) && message.getProperty() != null) {
            return new ValidationProblem(path + "." + message.getProperty(), "is required");
        }
        if ("additionalProperties".equals(message.getType()) && message.getProperty() != null) {
            return new ValidationProblem(
                    path + "." + message.getProperty(), "is not a property of this schema");
        }
        String text = message.getMessage();
        String prefix = path + ": ";
        if (text.startsWith(prefix)) {
            text = text.substring(prefix.length());
        }
        return new ValidationProblem(path, text);
    }
}
