package org.oodmonitor.job.operators.internal;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.oodmonitor.inference.scoring.BatchScorer;
import org.oodmonitor.inference.scoring.Outcome;
import org.oodmonitor.inference.scoring.ScoreKind;
import org.oodmonitor.job.outputs.SideOutputs;
import org.oodmonitor.job.scoring.ScoreBuilder;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.job.scoring.ServedVersions;
import org.oodmonitor.job.source.DeadLetters;
import org.oodmonitor.job.source.MonitorEvent;
import org.oodmonitor.job.source.ProcessingClock;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.ShadowVerdict;

/**
 * Sends each verdict where it belongs: a live version's score to the operator's output with the
 * shadow's verdict joined in, a shadow version's score to {@link SideOutputs#SHADOW_SCORES} only,
 * an event that failed or whose score record would be too large to {@link
 * SideOutputs#DEAD_LETTERS}; and counts them.
 */
@Internal
public final class ScoreRouter {

    private final Output<StreamRecord<ScoredEvent>> output;
    private final ProcessingClock clock;
    private final boolean withClassDistances;
    private final OutputSizeGuard outputSize;
    private final String platform;
    private final Counter scored;
    private final Counter ood;
    private final DeadLetterMetrics deadLettered;
    private final Histogram batchSizes;
    private final Histogram latencyMs;

    /**
     * @param output the operator's output
     * @param metrics the operator's metric group, where the router's counters go
     * @param platform what {@link ScoredEvent#platform()} names: the machine that scores
     */
    public ScoreRouter(
            Output<StreamRecord<ScoredEvent>> output,
            MetricGroup metrics,
            ProcessingClock clock,
            boolean withClassDistances,
            int maxOutputBytes,
            String platform) {
        this.output = output;
        this.clock = clock;
        this.withClassDistances = withClassDistances;
        this.outputSize = new OutputSizeGuard(maxOutputBytes);
        this.platform = platform;
        this.scored = metrics.counter("eventsScored");
        this.ood = metrics.counter("eventsOod");
        this.deadLettered = new DeadLetterMetrics(metrics);
        this.batchSizes = metrics.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        this.latencyMs =
                metrics.histogram("inferenceLatencyMs", new DescriptiveStatisticsHistogram(1000));
    }

    /** Emits the verdicts {@code results} on {@code batches}, shadows' first. */
    public void emit(List<VersionBatch> batches, List<BatchScorer.Result> results) {
        Map<StreamRecord<MonitorEvent>, ShadowVerdict> shadowVerdicts = new IdentityHashMap<>();
        for (int b = 0; b < batches.size(); b++) {
            VersionBatch batch = batches.get(b);
            BatchScorer.Result result = results.get(b);
            if (result.forwarded() > 0) {
                latencyMs.update(result.inferenceNanos() / 1_000_000);
                batchSizes.update(result.forwarded());
            }
            for (int i = 0; i < batch.records().size(); i++) {
                StreamRecord<MonitorEvent> record = batch.records().get(i);
                Outcome outcome = result.outcomes().get(i);
                if (batch.shadow()) {
                    emitShadow(record, outcome, batch.version(), shadowVerdicts);
                } else {
                    emitLive(record, outcome, batch.version(), shadowVerdicts.get(record));
                }
            }
        }
    }

    /** Sends {@code record} to the dead letters with {@code code} and {@code message}. */
    public void deadLetter(StreamRecord<MonitorEvent> record, ErrorCode code, String message) {
        deadLettered.count(code);
        output.collect(
                SideOutputs.DEAD_LETTERS,
                new StreamRecord<>(
                        DeadLetters.of(record.getValue().raw(), code, message, clock),
                        record.getTimestamp()));
    }

    private void emitShadow(
            StreamRecord<MonitorEvent> record,
            Outcome outcome,
            ServedVersions.Loaded version,
            Map<StreamRecord<MonitorEvent>, ShadowVerdict> shadowVerdicts) {
        // A shadow's failures are no event's fault: the event gets its live score without them.
        if (!(outcome instanceof Outcome.Scored verdict)) {
            return;
        }
        OodScore score;
        try {
            score = scoreOf(record, verdict, version);
        } catch (RuntimeException e) {
            return;
        }
        shadowVerdicts.put(
                record,
                new ShadowVerdict(score.modelVersion(), score.modelChecksum(), score.isOod()));
        if (outputSize.check(record.getValue().raw(), score).isEmpty()) {
            output.collect(
                    SideOutputs.SHADOW_SCORES,
                    withTimestampOf(
                            record, new ScoredEvent(score, null, version.location(), platform)));
        }
    }

    private void emitLive(
            StreamRecord<MonitorEvent> record,
            Outcome outcome,
            ServedVersions.Loaded version,
            ShadowVerdict shadowVerdict) {
        if (outcome instanceof Outcome.Failed failed) {
            deadLetter(record, failed.code(), failed.message());
            return;
        }
        OodScore score;
        double confidence;
        try {
            score = scoreOf(record, (Outcome.Scored) outcome, version);
            confidence = ScoreKind.MSP.of(((Outcome.Scored) outcome).logits());
        } catch (RuntimeException e) {
            Outcome.Failed failed = Outcome.Failed.unexpected("scoring", e);
            deadLetter(record, failed.code(), failed.message());
            return;
        }
        Optional<String> tooLarge = outputSize.check(record.getValue().raw(), score);
        if (tooLarge.isPresent()) {
            deadLetter(record, ErrorCode.OVERSIZED_RECORD, tooLarge.get());
            return;
        }
        scored.inc();
        if (score.isOod()) {
            ood.inc();
        }
        output.collect(
                withTimestampOf(
                        record,
                        new ScoredEvent(
                                score, shadowVerdict, version.location(), platform, confidence)));
    }

    private OodScore scoreOf(
            StreamRecord<MonitorEvent> record,
            Outcome.Scored verdict,
            ServedVersions.Loaded version) {
        return ScoreBuilder.of(
                record.getValue(),
                verdict.verdict(),
                verdict.logits(),
                version.served().model(),
                withClassDistances,
                clock.timeOf(record.getValue().raw()));
    }

    /**
     * A new record: the event's record stays as it is, since the live version scores it after a
     * shadow version did.
     */
    private static <T> StreamRecord<T> withTimestampOf(StreamRecord<MonitorEvent> record, T score) {
        return record.hasTimestamp()
                ? new StreamRecord<>(score, record.getTimestamp())
                : new StreamRecord<>(score);
    }
}
