package org.oodmonitor.sql.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.scoring.BatchScorer;
import org.oodmonitor.inference.scoring.EventInput;
import org.oodmonitor.inference.scoring.InferenceThreads;
import org.oodmonitor.inference.scoring.Outcome;
import org.oodmonitor.inference.scoring.Verdict;
import org.oodmonitor.job.scoring.ModelRegistry;
import org.oodmonitor.job.scoring.ServedModel;
import org.oodmonitor.sql.OutputColumn;
import org.oodmonitor.sql.ProviderOptions.ErrorHandling;
import org.oodmonitor.sql.ProviderSettings;

/**
 * Scores rows with one model as the job scores events: loaded and verified as the job loads it,
 * through the same {@link BatchScorer} with forward passes padded to the batch size, and turns each
 * verdict into the declared output columns.
 */
@Internal
public final class RowScorer implements AutoCloseable {

    private final ProviderSettings settings;
    private final ModelRegistry registry;
    private final OodModel model;
    private final BatchScorer scorer;

    private RowScorer(ProviderSettings settings, ModelRegistry registry) {
        this.settings = settings;
        this.registry = registry;
        ServedModel served = registry.resolve(settings.modelName()).orElseThrow();
        this.model = served.model();
        this.scorer = served.scorer(settings.batchSize(), settings.inferenceThreads());
    }

    /**
     * Loads the model on this thread's subtask.
     *
     * @throws IOException for a missing or tampered model
     */
    public static RowScorer open(ProviderSettings settings) throws IOException {
        InferenceThreads.start(settings.inferenceThreads());
        return new RowScorer(settings, settings.specs().open());
    }

    /** Rows of one forward pass at most. */
    public int batchSize() {
        return settings.batchSize();
    }

    /**
     * What the model gets of {@code row}, read at once so that the row's memory may be reused: its
     * input, or why it has none.
     */
    public RowInput input(RowData row) {
        try {
            return new RowInput(input0(row), null);
        } catch (IllegalArgumentException e) {
            return new RowInput(null, e.getMessage());
        }
    }

    /**
     * The results of {@code rows}, one each, in order: a scored row's declared columns, a row whose
     * {@code error} says why it could not be scored, or with {@code 'error-handling' = 'fail'} that
     * reason as a failure.
     */
    public List<RowResult> score(List<RowInput> rows) {
        List<EventInput> inputs = new ArrayList<>(rows.size());
        List<Integer> at = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).input() != null) {
                inputs.add(rows.get(i).input());
                at.add(i);
            }
        }
        Outcome[] byRow = new Outcome[rows.size()];
        for (int from = 0; from < inputs.size(); from += settings.batchSize()) {
            int to = Math.min(inputs.size(), from + settings.batchSize());
            List<Outcome> outcomes = scorer.score(inputs.subList(from, to)).outcomes();
            for (int k = 0; k < outcomes.size(); k++) {
                byRow[at.get(from + k)] = outcomes.get(k);
            }
        }
        List<RowResult> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (byRow[i] instanceof Outcome.Scored scored && scored.verdict() != null) {
                out.add(new RowResult(List.of(scoredRow(scored.verdict())), null));
                continue;
            }
            String why =
                    byRow[i] == null
                            ? rows.get(i).problem()
                            : ((Outcome.Failed) byRow[i]).message();
            if (settings.errorHandling() == ErrorHandling.FAIL) {
                out.add(
                        new RowResult(
                                null,
                                "model '" + settings.modelName() + "' cannot score a row: " + why));
            } else {
                out.add(new RowResult(List.of(errorRow(why)), null));
            }
        }
        return out;
    }

    /**
     * A row as the model gets it.
     *
     * @param input its input, or null when it has none
     * @param problem why it has none
     */
    public record RowInput(EventInput input, String problem) {}

    /**
     * What became of a row.
     *
     * @param rows its output row, or null when it failed the query
     * @param failure why it failed the query ({@code 'error-handling' = 'fail'}), else null
     */
    public record RowResult(Collection<RowData> rows, String failure) {}

    private EventInput input0(RowData row) {
        if (row.isNullAt(0)) {
            throw new IllegalArgumentException("the input column is null");
        }
        if (!settings.imageInput()) {
            ArrayData array = row.getArray(0);
            float[] values = new float[array.size()];
            for (int i = 0; i < values.length; i++) {
                if (array.isNullAt(i)) {
                    throw new IllegalArgumentException("element " + i + " of the vector is null");
                }
                values[i] = array.getFloat(i);
            }
            return new EventInput.Vector(values);
        }
        byte[] bytes = row.getBinary(0);
        InputSpec spec = model.manifest().input();
        return new EventInput.Image(
                ImageEncodings.of(settings.imageEncoding(), bytes),
                bytes,
                spec.height(),
                spec.width(),
                spec.channels());
    }

    private RowData scoredRow(Verdict verdict) {
        List<OutputColumn> columns = settings.outputs();
        GenericRowData row = new GenericRowData(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            row.setField(c, value(columns.get(c), verdict));
        }
        return row;
    }

    private Object value(OutputColumn column, Verdict verdict) {
        var manifest = model.manifest();
        return switch (column) {
            case OOD_SCORE -> verdict.score();
            case IS_OOD -> verdict.ood();
            case THRESHOLD -> verdict.threshold();
            case ALERT_SCORE -> verdict.alert() == null ? null : verdict.alert().score();
            case ALERT_COMPONENTS ->
                    new GenericArrayData(
                            verdict.alert() == null
                                    ? new Object[0]
                                    : verdict.alert().fired().stream()
                                            .map(StringData::fromString)
                                            .toArray());
            case PREDICTED_CLASS -> verdict.predictedClass();
            case PREDICTED_LABEL -> StringData.fromString(verdict.predictedLabel());
            case MODEL_NAME -> StringData.fromString(manifest.name());
            case MODEL_VERSION -> StringData.fromString(manifest.version());
            case MODEL_CHECKSUM -> StringData.fromString(model.manifestSha256());
            case ERROR -> null;
        };
    }

    private RowData errorRow(String why) {
        List<OutputColumn> columns = settings.outputs();
        Object[] fields = new Object[columns.size()];
        fields[columns.indexOf(OutputColumn.ERROR)] = StringData.fromString(why);
        return GenericRowData.of(Arrays.copyOf(fields, fields.length));
    }

    @Override
    public void close() {
        registry.close();
    }
}
