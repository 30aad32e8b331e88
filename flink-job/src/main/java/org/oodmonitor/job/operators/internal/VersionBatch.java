package org.oodmonitor.job.operators.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.oodmonitor.inference.scoring.BatchScorer;
import org.oodmonitor.inference.scoring.EventInput;
import org.oodmonitor.job.scoring.ServedVersions;
import org.oodmonitor.job.source.MonitorEvent;

/**
 * The events of one flushed buffer that one model version scores, live or shadow. Scoring it
 * touches nothing of the operator's, so it may run on the inference thread.
 *
 * @param records the events, in arrival order
 * @param version the loaded version
 * @param shadow whether the version is a shadow (its scores go to the shadow side output)
 */
@Internal
public record VersionBatch(
        List<StreamRecord<MonitorEvent>> records, ServedVersions.Loaded version, boolean shadow) {

    /** The version's verdicts on the events, in order. */
    public BatchScorer.Result score() {
        List<EventInput> inputs = new ArrayList<>(records.size());
        for (StreamRecord<MonitorEvent> record : records) {
            inputs.add(record.getValue().input());
        }
        return version.scorer().score(inputs);
    }

    /** Scores {@code batches} in order: shadows first, so that live scores carry their verdicts. */
    public static List<BatchScorer.Result> scoreAll(List<VersionBatch> batches) {
        List<BatchScorer.Result> results = new ArrayList<>(batches.size());
        for (VersionBatch batch : batches) {
            results.add(batch.score());
        }
        return results;
    }
}
