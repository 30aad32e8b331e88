package org.oodmonitor.job.operators;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.oodmonitor.inference.scoring.BatchScorer;
import org.oodmonitor.inference.scoring.EventInput;
import org.oodmonitor.inference.scoring.InferenceThreads;
import org.oodmonitor.inference.scoring.Outcome;
import org.oodmonitor.job.scoring.ModelRegistry;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.scoring.ScoreBuilder;
import org.oodmonitor.job.scoring.ServedModel;
import org.oodmonitor.job.source.DeadLetters;
import org.oodmonitor.job.source.MonitorEvent;
import org.oodmonitor.job.source.ProcessingClock;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.OodScore;

/**
 * Scores events in micro-batches: collects up to {@code maxBatchSize} events or for at most {@code
 * maxDelayMs}, whichever comes first, and runs one forward pass per model and batch.
 *
 * <p>Nothing buffered is ever lost or duplicated: the buffer is flushed before every checkpoint
 * barrier ({@link #prepareSnapshotPreBarrier}) and at the end of input. A watermark that arrives
 * while events wait is held back until their batch is scored, so no event is emitted behind a
 * watermark that passed it; flushing at every watermark instead would cut a batch short several
 * times a second (sources emit watermarks every 200 ms), and with fixed-shape batches a short batch
 * costs as much as a full one. Events the models cannot take go to {@link DeadLetters#TAG}. Models
 * are loaded in {@link #open()}, on GPU {@code subtask index mod GPU count} when the machine has
 * GPUs and on the CPU otherwise, and closed in {@link #close()}.
 *
 * <p>With fixed-shape batches every forward pass is padded to {@code maxBatchSize} rows, so that an
 * event's score does not depend on which other events happened to share its batch: PyTorch's CPU
 * kernels choose their blocking by batch size, which changes the last bits of the results.
 */
@Internal
public final class BatchScoringOperator extends AbstractStreamOperator<OodScore>
        implements OneInputStreamOperator<MonitorEvent, OodScore>, ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;

    private final ModelSpecs specs;
    private final int maxBatchSize;
    private final long maxDelayMs;
    private final boolean withClassDistances;
    private final boolean fixedShape;
    private final ProcessingClock clock;
    private final int threads;
    private final int maxOutputBytes;
    private transient int intraOpThreads;

    private transient ModelRegistry registry;
    private transient Map<String, BatchScorer> scorers;
    private transient OutputSizeGuard outputSize;
    private transient List<StreamRecord<MonitorEvent>> buffer;
    private transient boolean timerSet;
    private transient Watermark heldWatermark;
    private transient Counter scored;
    private transient Counter ood;
    private transient DeadLetterMetrics deadLettered;
    private transient Histogram batchSizes;
    private transient Histogram latencyMs;

    /** A scoring operator with {@code settings}, which {@code PipelineSettings} has checked. */
    public BatchScoringOperator(ScoringSettings settings) {
        this.specs = settings.models();
        this.maxBatchSize = settings.maxBatchSize();
        this.maxDelayMs = settings.maxBatchDelay().toMillis();
        this.withClassDistances = settings.classDistances();
        this.fixedShape = settings.fixedShapeBatches();
        this.clock = settings.clock();
        this.threads = settings.inferenceThreads();
        this.maxOutputBytes = settings.maxOutputBytes();
    }

    @Override
    public void open() throws Exception {
        super.open();
        intraOpThreads =
                InferenceThreads.resolve(
                        threads, getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
        InferenceThreads.start(intraOpThreads);
        registry = specs.open(device(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()));
        scorers = new java.util.HashMap<>();
        buffer = new ArrayList<>(maxBatchSize);
        outputSize = new OutputSizeGuard(maxOutputBytes);
        var group = getMetricGroup();
        scored = group.counter("eventsScored");
        ood = group.counter("eventsOod");
        deadLettered = new DeadLetterMetrics(group);
        batchSizes = group.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        latencyMs = group.histogram("inferenceLatencyMs", new DescriptiveStatisticsHistogram(1000));
        LOG.info(
                "Batch scoring: up to {} events or {} ms per batch{}, {} PyTorch threads, models"
                        + " {}",
                maxBatchSize,
                maxDelayMs,
                fixedShape ? " (padded to fixed shape)" : "",
                intraOpThreads,
                registry.names());
    }

    @Override
    public void processElement(StreamRecord<MonitorEvent> element) throws Exception {
        buffer.add(element.copy(element.getValue()));
        if (buffer.size() >= maxBatchSize) {
            flush();
        } else if (!timerSet) {
            timerSet = true;
            var time = getProcessingTimeService();
            time.registerTimer(time.getCurrentProcessingTime() + maxDelayMs, this);
        }
    }

    @Override
    public void onProcessingTime(long time) throws Exception {
        timerSet = false;
        flush();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (buffer.isEmpty() || mark.getTimestamp() == Long.MAX_VALUE) {
            flush();
            super.processWatermark(mark);
        } else {
            // Watermarks only rise, so the latest one stands for every one held before it.
            heldWatermark = mark;
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        if (registry != null) {
            registry.close();
        }
        super.close();
    }

    /** GPU {@code subtask mod GPU count} when the machine has GPUs, else the CPU. */
    static Device device(int subtask) {
        int gpus = Engine.getInstance().getGpuCount();
        return gpus > 0 ? Device.gpu(subtask % gpus) : Device.cpu();
    }

    /** Number of events waiting for the next batch. */
    @VisibleForTesting
    int buffered() {
        return buffer.size();
    }

    private void flush() throws Exception {
        if (buffer.isEmpty()) {
            return;
        }
        Map<String, List<StreamRecord<MonitorEvent>>> byModel = new LinkedHashMap<>();
        for (StreamRecord<MonitorEvent> record : buffer) {
            MonitorEvent event = record.getValue();
            String name = registry.servingName(event.modelName(), event.source());
            if (registry.resolve(name).isEmpty()) {
                deadLetter(
                        record,
                        ErrorCode.UNKNOWN_MODEL,
                        "model '"
                                + name
                                + "' is not served by this job; served: "
                                + registry.names());
            } else {
                byModel.computeIfAbsent(name, k -> new ArrayList<>()).add(record);
            }
        }
        buffer.clear();
        byModel.forEach(this::scoreBatch);
        if (heldWatermark != null) {
            Watermark mark = heldWatermark;
            heldWatermark = null;
            super.processWatermark(mark);
        }
    }

    private void scoreBatch(String name, List<StreamRecord<MonitorEvent>> records) {
        // Present: flush() sent events of unserved models to the dead letters.
        ServedModel served = registry.resolve(name).orElseThrow();
        BatchScorer scorer =
                scorers.computeIfAbsent(
                        name, n -> served.scorer(fixedShape ? maxBatchSize : 0, intraOpThreads));
        List<EventInput> inputs = new ArrayList<>(records.size());
        for (StreamRecord<MonitorEvent> record : records) {
            inputs.add(record.getValue().input());
        }
        BatchScorer.Result result = scorer.score(inputs);
        if (result.forwarded() > 0) {
            latencyMs.update(result.inferenceNanos() / 1_000_000);
            batchSizes.update(result.forwarded());
        }
        for (int i = 0; i < records.size(); i++) {
            StreamRecord<MonitorEvent> record = records.get(i);
            Outcome outcome = result.outcomes().get(i);
            if (outcome instanceof Outcome.Failed failed) {
                deadLetter(record, failed.code(), failed.message());
                continue;
            }
            Outcome.Scored verdict = (Outcome.Scored) outcome;
            OodScore score;
            try {
                score =
                        ScoreBuilder.of(
                                record.getValue(),
                                verdict.verdict(),
                                verdict.logits(),
                                served.model(),
                                withClassDistances,
                                clock.timeOf(record.getValue().raw()));
            } catch (RuntimeException e) {
                Outcome.Failed failed = Outcome.Failed.unexpected("scoring", e);
                deadLetter(record, failed.code(), failed.message());
                continue;
            }
            Optional<String> tooLarge = outputSize.check(record.getValue().raw(), score);
            if (tooLarge.isPresent()) {
                deadLetter(record, ErrorCode.OVERSIZED_RECORD, tooLarge.get());
                continue;
            }
            scored.inc();
            if (score.isOod()) {
                ood.inc();
            }
            output.collect(record.replace(score));
        }
    }

    private void deadLetter(StreamRecord<MonitorEvent> record, ErrorCode code, String message) {
        deadLettered.count(code);
        output.collect(
                DeadLetters.TAG,
                new StreamRecord<>(
                        DeadLetters.of(record.getValue().raw(), code, message, clock),
                        record.getTimestamp()));
    }
}
