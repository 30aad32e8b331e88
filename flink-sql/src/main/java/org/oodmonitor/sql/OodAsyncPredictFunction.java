package org.oodmonitor.sql;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.FunctionContext;
import org.oodmonitor.sql.internal.RowBatcher;
import org.oodmonitor.sql.internal.RowScorer;

/**
 * The async function (the default): loads the model once per subtask and scores the rows the
 * planner's {@code AsyncWaitOperator} has in flight together, in forward passes of up to {@code
 * batch.size} rows, on the subtask's own inference thread.
 */
@Internal
public final class OodAsyncPredictFunction extends AsyncPredictFunction {

    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(OodAsyncPredictFunction.class);

    private final ProviderSettings settings;
    private final int inFlight;
    private transient RowScorer scorer;
    private transient RowBatcher batcher;

    /**
     * @param inFlight how many rows the planner keeps in flight: a batch is full at this many
     */
    OodAsyncPredictFunction(ProviderSettings settings, int inFlight) {
        this.settings = settings;
        this.inFlight = inFlight;
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        scorer = RowScorer.open(settings);
        MetricGroup metrics = context.getMetricGroup();
        Counter rows = metrics.counter("rowsScored");
        Counter passes = metrics.counter("forwardPasses");
        Histogram sizes = metrics.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        batcher =
                new RowBatcher(
                        scorer,
                        settings.batchTimeout(),
                        Math.max(1, Math.min(settings.batchSize(), inFlight)),
                        size -> {
                            rows.inc(size);
                            passes.inc();
                            sizes.update(size);
                        },
                        "ood-sql-inference-" + context.getTaskInfo().getIndexOfThisSubtask());
    }

    @Override
    public CompletableFuture<Collection<RowData>> asyncPredict(RowData input) {
        // Read on the task thread: the row's memory is the planner's to reuse.
        return batcher.submit(scorer.input(input));
    }

    @Override
    public void close() throws Exception {
        boolean stopped = true;
        if (batcher != null) {
            batcher.close();
            stopped = batcher.stopped();
            batcher = null;
        }
        if (scorer != null && stopped) {
            scorer.close();
        } else if (scorer != null) {
            // A forward pass still runs: freeing the native model under it could crash the JVM.
            LOG.warn(
                    "The inference thread of model {} did not stop; its model is left to the GC",
                    settings.modelName());
        }
        scorer = null;
    }
}
