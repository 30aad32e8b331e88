package org.oodmonitor.sql;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.sql.ProviderOptions.ErrorHandling;
import org.oodmonitor.sql.ProviderOptions.ImageEncoding;

/**
 * One model of this provider as the factory checked it, shipped to every subtask.
 *
 * @param modelName the catalog model's name, in messages and logs
 * @param modelPath the model directory, as {@code ood.model.dirs} takes it
 * @param threshold the threshold override, or null for the calibrated one
 * @param imageInput whether the input column is an image ({@code BYTES}) rather than a vector
 * @param outputs the declared output columns, in their order
 * @param inFlight the rows {@code ML_PREDICT} keeps in flight when its {@code MAP} does not say:
 *     the session's {@code table.exec.async-ml-predict.max-concurrent-operations}
 */
@Internal
public record ProviderSettings(
        String modelName,
        String modelPath,
        Double threshold,
        int batchSize,
        Duration batchTimeout,
        int inferenceThreads,
        ErrorHandling errorHandling,
        ImageEncoding imageEncoding,
        boolean imageInput,
        List<OutputColumn> outputs,
        int inFlight)
        implements Serializable {

    public ProviderSettings {
        outputs = List.copyOf(outputs);
    }

    /** The model as the job would serve it alone. */
    public ModelSpecs specs() {
        return specs(modelName, modelPath, threshold);
    }

    /** The model in {@code path} as the job would serve it alone, as {@code name}. */
    static ModelSpecs specs(String name, String path, Double threshold) {
        return new ModelSpecs(
                Map.of(name, path),
                name,
                threshold == null ? Map.of() : Map.of(name, threshold),
                Map.of());
    }
}
