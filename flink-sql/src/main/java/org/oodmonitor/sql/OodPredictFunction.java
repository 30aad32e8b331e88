package org.oodmonitor.sql;

import java.util.Collection;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.PredictFunction;
import org.oodmonitor.sql.internal.RowScorer;

/**
 * The sync function ({@code 'async' = 'false'}): each row is one forward pass, padded to the batch
 * size as every pass is, so its score equals the async function's and the job's.
 */
@Internal
public final class OodPredictFunction extends PredictFunction {

    private static final long serialVersionUID = 1L;

    private final ProviderSettings settings;
    private transient RowScorer scorer;

    OodPredictFunction(ProviderSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        scorer = RowScorer.open(settings);
    }

    @Override
    public Collection<RowData> predict(RowData input) {
        RowScorer.RowResult result = scorer.score(List.of(scorer.input(input))).get(0);
        if (result.failure() != null) {
            throw new IllegalArgumentException(result.failure());
        }
        return result.rows();
    }

    @Override
    public void close() {
        if (scorer != null) {
            scorer.close();
            scorer = null;
        }
    }
}
