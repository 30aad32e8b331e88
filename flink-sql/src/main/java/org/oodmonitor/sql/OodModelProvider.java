package org.oodmonitor.sql;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.PredictFunction;
import org.apache.flink.table.ml.AsyncPredictRuntimeProvider;
import org.apache.flink.table.ml.PredictRuntimeProvider;

/**
 * Gives the planner this provider's functions: the async one by default, which batches the rows in
 * flight of each subtask into one forward pass, and the sync one for {@code 'async' = 'false'}.
 */
@Internal
public final class OodModelProvider implements PredictRuntimeProvider, AsyncPredictRuntimeProvider {

    private final ProviderSettings settings;

    OodModelProvider(ProviderSettings settings) {
        this.settings = settings;
    }

    @Override
    public PredictFunction createPredictFunction(Context context) {
        return new OodPredictFunction(settings);
    }

    @Override
    public AsyncPredictFunction createAsyncPredictFunction(Context context) {
        return new OodAsyncPredictFunction(
                settings,
                context.runtimeConfig()
                        .getOptional(ProviderOptions.MAX_CONCURRENT_OPERATIONS)
                        .orElse(settings.inFlight()));
    }

    @Override
    public OodModelProvider copy() {
        return new OodModelProvider(settings);
    }
}
