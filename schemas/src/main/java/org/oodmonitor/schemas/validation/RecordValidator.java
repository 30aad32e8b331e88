package org.oodmonitor.schemas.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.internal.ImageEventUpgrader;
import org.oodmonitor.schemas.internal.JsonSchemaCatalog;
import org.oodmonitor.schemas.internal.SemanticChecks;

/**
 * Validates records against their JSON Schema and the size limits, and upgrades records of the
 * previous version to the current one. Thread-safe.
 */
public final class RecordValidator {

    private final JsonSchemaCatalog catalog = new JsonSchemaCatalog();
    private final SemanticChecks semanticChecks;
    private final ValidationLimits limits;

    public RecordValidator(ValidationLimits limits) {
        this.limits = limits;
        this.semanticChecks = new SemanticChecks(limits);
    }

    public ValidationLimits limits() {
        return limits;
    }

    /**
     * Validates {@code record} as a {@code type}, reporting every problem with its JSON path. The
     * record is not modified.
     */
    public ValidationReport validate(RecordType<?> type, JsonNode record) {
        if (record == null || !record.isObject()) {
            return ValidationReport.invalid(
                    ErrorCode.MALFORMED_JSON,
                    List.of(new ValidationProblem("$", "expected a JSON object")));
        }
        JsonNode versionNode = record.get("schema_version");
        if (versionNode == null || !versionNode.canConvertToExactIntegral()) {
            return ValidationReport.invalid(
                    ErrorCode.SCHEMA_VIOLATION,
                    List.of(
                            new ValidationProblem(
                                    "$.schema_version",
                                    versionNode == null
                                            ? "is required"
                                            : "must be an integer, was " + versionNode)));
        }
        int version = versionNode.intValue();
        if (!type.isReadable(version)) {
            return ValidationReport.invalid(
                    ErrorCode.UNSUPPORTED_VERSION,
                    List.of(
                            new ValidationProblem(
                                    "$.schema_version",
                                    "version "
                                            + versionNode.asText()
                                            + " of "
                                            + type.name()
                                            + " is not supported; this reader accepts "
                                            + readableRange(type))));
        }
        List<ValidationProblem> problems = new ArrayList<>(catalog.check(type, version, record));
        ObjectNode current = record.deepCopy();
        if (problems.isEmpty() && version < type.currentVersion()) {
            if (type.equals(RecordType.IMAGE_EVENT)) {
                String error = ImageEventUpgrader.upgrade(current);
                if (error != null) {
                    problems.add(new ValidationProblem("$.image_base64", error));
                }
            } else {
                // Every other previous version is a subset of the current one.
                current.put("schema_version", type.currentVersion());
            }
        }
        if (problems.isEmpty()) {
            semanticChecks.check(type, current, problems);
        } else {
            // Still report non-finite numbers, which the schema accepts as numbers.
            semanticChecks.checkFiniteOnly(current, problems);
        }
        return problems.isEmpty()
                ? ValidationReport.valid(current)
                : ValidationReport.invalid(ErrorCode.SCHEMA_VIOLATION, problems);
    }

    private static String readableRange(RecordType<?> type) {
        int oldest = type.oldestReadableVersion();
        int current = type.currentVersion();
        return oldest == current ? "version " + current : "versions " + oldest + " to " + current;
    }
}
