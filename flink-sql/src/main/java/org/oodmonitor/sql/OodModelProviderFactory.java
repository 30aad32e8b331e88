package org.oodmonitor.sql;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedCatalogModel;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModelProviderFactory;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.job.scoring.ModelLocation;
import org.oodmonitor.sql.ProviderOptions.ErrorHandling;

/**
 * The {@code ood-monitor} model provider of Flink SQL: checks the model's options, its input and
 * output columns and the model directory when a query is planned, each with a one-line message, and
 * gives the planner functions that score rows with the monitor's models.
 */
@PublicEvolving
public final class OodModelProviderFactory implements ModelProviderFactory {

    /** The value of {@code 'provider'} in {@code CREATE MODEL ... WITH (...)}. */
    public static final String IDENTIFIER = "ood-monitor";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return new LinkedHashSet<>(ProviderOptions.REQUIRED);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return new LinkedHashSet<>(ProviderOptions.OPTIONAL);
    }

    @Override
    public ModelProvider createModelProvider(Context context) {
        FactoryUtil.ModelProviderFactoryHelper helper =
                FactoryUtil.createModelProviderFactoryHelper(this, context);
        helper.validate();
        String name = context.getObjectIdentifier().getObjectName();
        try {
            return new OodModelProvider(settings(name, helper.getOptions(), context));
        } catch (IllegalArgumentException e) {
            String why = e.getMessage();
            throw new ValidationException(
                    why.startsWith("model '") ? why : "model '" + name + "': " + why, e);
        }
    }

    private static ProviderSettings settings(String name, ReadableConfig options, Context context) {
        int batchSize = options.get(ProviderOptions.BATCH_SIZE);
        if (batchSize < 1 || batchSize > 4096) {
            throw new IllegalArgumentException(
                    "'" + ProviderOptions.BATCH_SIZE.key() + "' must be 1..4096, was " + batchSize);
        }
        if (options.get(ProviderOptions.BATCH_TIMEOUT).isNegative()) {
            throw new IllegalArgumentException(
                    "'" + ProviderOptions.BATCH_TIMEOUT.key() + "' must not be negative");
        }
        int threads = options.get(ProviderOptions.INFERENCE_THREADS);
        if (threads < 1) {
            throw new IllegalArgumentException(
                    "'"
                            + ProviderOptions.INFERENCE_THREADS.key()
                            + "' must be >= 1, was "
                            + threads);
        }
        ResolvedCatalogModel model = context.getCatalogModel();
        List<OutputColumn> outputs = outputs(model);
        ErrorHandling errors = options.get(ProviderOptions.ERROR_HANDLING);
        if (errors == ErrorHandling.ERROR_ROW && !outputs.contains(OutputColumn.ERROR)) {
            throw new IllegalArgumentException(
                    "declare an output column `error STRING` for the rows that cannot be scored,"
                            + " or set 'error-handling' = 'fail'");
        }
        String path = options.get(ProviderOptions.MODEL_PATH);
        Double threshold = options.get(ProviderOptions.THRESHOLD);
        boolean image = isImage(model, manifest(name, path, threshold).input().isImage());
        return new ProviderSettings(
                name,
                path,
                threshold,
                batchSize,
                options.get(ProviderOptions.BATCH_TIMEOUT),
                threads,
                errors,
                options.get(ProviderOptions.IMAGE_ENCODING),
                image,
                outputs,
                context.getConfiguration().get(ProviderOptions.SESSION_MAX_CONCURRENT_OPERATIONS));
    }

    /** The model's manifest, checked as the job checks it before it starts. */
    private static ModelManifest manifest(String name, String path, Double threshold) {
        // Files, checksums and a threshold, without loading the network.
        ProviderSettings.specs(name, path, threshold).verify();
        try (ModelLocation location = ModelLocation.of(path)) {
            return ModelArtifact.readVerified(location.local());
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Whether the one input column is an image; checks its type against the model's input. */
    private static boolean isImage(ResolvedCatalogModel model, boolean imageModel) {
        List<Column> inputs = model.getResolvedInputSchema().getColumns();
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(
                    "the model takes one input column (BYTES for an image, ARRAY<FLOAT> for a"
                            + " vector), not "
                            + inputs.size());
        }
        LogicalType type = inputs.get(0).getDataType().getLogicalType();
        boolean bytes = type.is(LogicalTypeRoot.VARBINARY) || type.is(LogicalTypeRoot.BINARY);
        boolean floats =
                type instanceof ArrayType array && array.getElementType().is(LogicalTypeRoot.FLOAT);
        if (imageModel && !bytes) {
            throw new IllegalArgumentException(
                    "an image model's input column is BYTES (a PNG, JPEG or raw image), not "
                            + type);
        }
        if (!imageModel && !floats) {
            throw new IllegalArgumentException(
                    "a vector model's input column is ARRAY<FLOAT>, not " + type);
        }
        return imageModel;
    }

    /** The declared output columns, each one of {@link OutputColumn}, with its type. */
    private static List<OutputColumn> outputs(ResolvedCatalogModel model) {
        List<OutputColumn> outputs = new ArrayList<>();
        for (Column column : model.getResolvedOutputSchema().getColumns()) {
            OutputColumn known =
                    OutputColumn.named(column.getName())
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "unknown output column `"
                                                            + column.getName()
                                                            + "`; the columns are "
                                                            + OutputColumn.documented()));
            LogicalType type = column.getDataType().getLogicalType();
            if (!type.isNullable()) {
                throw new IllegalArgumentException(
                        "output column `"
                                + column.getName()
                                + "` must be nullable (no NOT NULL): a row that cannot be scored"
                                + " has only `error` set, a scored one no `error`");
            }
            if (!known.accepts(type)) {
                throw new IllegalArgumentException(
                        "output column `"
                                + column.getName()
                                + "` is "
                                + known.sqlType()
                                + ", not "
                                + type);
            }
            if (outputs.contains(known)) {
                throw new IllegalArgumentException(
                        "output column `" + column.getName() + "` is declared twice");
            }
            outputs.add(known);
        }
        return outputs;
    }
}
