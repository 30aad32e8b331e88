package org.oodmonitor.job.operators;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.oodmonitor.inference.scoring.BatchScorer;
import org.oodmonitor.inference.scoring.InferenceThreads;
import org.oodmonitor.inference.scoring.Outcome;
import org.oodmonitor.job.control.ControlStatuses;
import org.oodmonitor.job.control.ModelTimeline;
import org.oodmonitor.job.scoring.ModelRegistry;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.scoring.ScoreBuilder;
import org.oodmonitor.job.scoring.ServedVersions;
import org.oodmonitor.job.source.DeadLetters;
import org.oodmonitor.job.source.MonitorEvent;
import org.oodmonitor.job.source.ProcessingClock;
import org.oodmonitor.schemas.ControlStatus;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.ModelCommand;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.ShadowVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores events in micro-batches: collects up to {@code maxBatchSize} events or for at most {@code
 * maxDelayMs}, whichever comes first, and runs one forward pass per model version and batch.
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
 * <p>Which version of a model scores an event is the {@link ModelTimeline}'s answer for the event's
 * time; versions that commands add are loaded off the task thread ({@link ServedVersions}), and
 * each command gets an {@code applied} or {@code failed} status record from every subtask.
 *
 * <p>With fixed-shape batches every forward pass is padded to {@code maxBatchSize} rows, so that an
 * event's score does not depend on which other events happened to share its batch: PyTorch's CPU
 * kernels choose their blocking by batch size, which changes the last bits of the results.
 */
@Internal
public abstract class AbstractScoringOperator extends AbstractStreamOperator<OodScore>
        implements ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;
    private static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(30);
    private static final Logger CONTROL_LOG =
            LoggerFactory.getLogger(AbstractScoringOperator.class);

    private final ModelSpecs specs;
    private final int maxBatchSize;
    private final long maxDelayMs;
    private final boolean withClassDistances;
    private final boolean fixedShape;
    private final ProcessingClock clock;
    private final int threads;
    private final int maxOutputBytes;
    private final List<ModelCommand> initialCommands;
    private final boolean overlap;

    private transient ServedVersions versions;
    private transient OutputSizeGuard outputSize;
    private transient List<StreamRecord<MonitorEvent>> buffer;
    private transient ExecutorService inference;
    private transient MailboxExecutor mailbox;
    private transient InFlight inFlight;
    private transient boolean timerSet;
    private transient Watermark heldWatermark;
    private transient Map<String, Long> newestScored;
    private transient Map<String, Long> newestAtCommand;
    private transient Counter scored;
    private transient Counter ood;
    private transient DeadLetterMetrics deadLettered;
    private transient Histogram batchSizes;
    private transient Histogram latencyMs;
    private transient Counter commandsApplied;
    private transient Counter commandsFailed;

    /**
     * @param settings which {@code PipelineSettings} has checked
     * @param initialCommands the accepted control commands the operator starts from
     */
    protected AbstractScoringOperator(
            ScoringSettings settings, List<ModelCommand> initialCommands) {
        this.specs = settings.models();
        this.maxBatchSize = settings.maxBatchSize();
        this.maxDelayMs = settings.maxBatchDelay().toMillis();
        this.withClassDistances = settings.classDistances();
        this.fixedShape = settings.fixedShapeBatches();
        this.clock = settings.clock();
        this.threads = settings.inferenceThreads();
        this.maxOutputBytes = settings.maxOutputBytes();
        this.initialCommands = List.copyOf(initialCommands);
        this.overlap = settings.overlapInference();
    }

    /** The commands the timeline starts from: restored ones, else the initial ones. */
    protected List<ModelCommand> startingCommands() throws Exception {
        return initialCommands;
    }

    @Override
    public void open() throws Exception {
        super.open();
        int intraOpThreads =
                InferenceThreads.resolve(
                        threads, getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
        InferenceThreads.start(intraOpThreads);
        Device device = device(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        ModelRegistry registry = specs.open(device);
        versions =
                new ServedVersions(
                        registry,
                        ModelTimeline.of(registry.versions(), startingCommands()),
                        device,
                        fixedShape ? maxBatchSize : 0,
                        intraOpThreads);
        versions.preload();
        buffer = new ArrayList<>(maxBatchSize);
        if (overlap) {
            mailbox =
                    getContainingTask()
                            .getMailboxExecutorFactory()
                            .createExecutor(getOperatorConfig().getChainIndex());
            inference =
                    Executors.newSingleThreadExecutor(
                            r -> {
                                Thread t = new Thread(r, "ood-inference");
                                t.setDaemon(true);
                                return t;
                            });
        }
        newestScored = new HashMap<>();
        newestAtCommand = new HashMap<>();
        outputSize = new OutputSizeGuard(maxOutputBytes);
        var group = getMetricGroup();
        scored = group.counter("eventsScored");
        ood = group.counter("eventsOod");
        deadLettered = new DeadLetterMetrics(group);
        batchSizes = group.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        latencyMs = group.histogram("inferenceLatencyMs", new DescriptiveStatisticsHistogram(1000));
        group.gauge("deployedVersionsLoaded", () -> versions.deployedCount());
        commandsApplied = group.counter("controlCommandsApplied");
        commandsFailed = group.counter("controlCommandsFailed");
        LOG.info(
                "Batch scoring: up to {} events or {} ms per batch{}{}, {} PyTorch threads, models"
                        + " {}, {} control commands",
                maxBatchSize,
                maxDelayMs,
                fixedShape ? " (padded to fixed shape)" : "",
                overlap ? ", forward passes on an inference thread" : "",
                intraOpThreads,
                registry.names(),
                versions.timeline().commands().size());
    }

    /** Buffers one event for its batch. */
    protected void addEvent(StreamRecord<MonitorEvent> element) throws Exception {
        buffer.add(element.copy(element.getValue()));
        if (buffer.size() >= maxBatchSize) {
            flush();
        } else {
            startTimer();
        }
    }

    /**
     * Applies one accepted control command: the timeline changes at once, a deployed version starts
     * loading, and the subtask's status follows when the version is ready.
     */
    protected void addCommand(ModelCommand command) {
        Long newest = newestScored.get(command.modelName());
        try {
            versions.add(command);
        } catch (IllegalArgumentException e) {
            emitStatus(command, e.getMessage(), newest);
            return;
        }
        if (command.isDeploy()) {
            newestAtCommand.put(command.commandId(), newest);
            startTimer();
        } else {
            emitStatus(command, null, newest);
        }
    }

    @Override
    public void onProcessingTime(long time) throws Exception {
        timerSet = false;
        flush();
        reportSettled();
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            flush();
            awaitInFlight();
            emitWatermark(mark);
        } else if (!buffer.isEmpty()) {
            // Watermarks only rise, so the latest one stands for every one held before it.
            heldWatermark = mark;
        } else if (inFlight != null) {
            // After the scores of the events it follows.
            inFlight.watermark = mark;
        } else {
            emitWatermark(mark);
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        awaitInFlight();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        awaitInFlight();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        boolean idle = true;
        if (inference != null) {
            inference.shutdownNow();
            // A forward pass cannot be interrupted; its model must outlive it.
            idle = inference.awaitTermination(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS);
            if (!idle) {
                LOG.warn("Inference thread still busy after {}; models left open", CLOSE_WAIT);
            }
        }
        if (versions != null && idle) {
            versions.close();
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

    /** The versions this subtask serves. */
    protected final ServedVersions versions() {
        return versions;
    }

    private void startTimer() {
        if (!timerSet) {
            timerSet = true;
            var time = getProcessingTimeService();
            time.registerTimer(time.getCurrentProcessingTime() + maxDelayMs, this);
        }
    }

    private void emitWatermark(Watermark mark) throws Exception {
        super.processWatermark(mark);
        versions.release(mark.getTimestamp());
    }

    private void reportSettled() {
        for (ServedVersions.Settled settled : versions.settled()) {
            ModelCommand deploy = settled.deploy();
            emitStatus(deploy, settled.failure(), newestAtCommand.remove(deploy.commandId()));
        }
        if (!newestAtCommand.isEmpty()) {
            startTimer();
        }
    }

    private void emitStatus(ModelCommand command, String failure, Long newestBefore) {
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        ControlStatus status =
                ControlStatus.onSubtask(
                        command, subtask, failure, newestBefore, System.currentTimeMillis());
        if (failure != null) {
            commandsFailed.inc();
            CONTROL_LOG.warn("Control command {} failed: {}", command.commandId(), failure);
        } else if (status.late()) {
            commandsApplied.inc();
            CONTROL_LOG.warn(
                    "Control command {} came late: events up to {} were scored before it",
                    command.commandId(),
                    newestBefore);
        } else {
            commandsApplied.inc();
            CONTROL_LOG.info(
                    "Control command {} applied on subtask {}", command.commandId(), subtask);
        }
        output.collect(ControlStatuses.TAG, new StreamRecord<>(status));
    }

    private void flush() throws Exception {
        if (buffer.isEmpty()) {
            return;
        }
        reportSettled();
        List<VersionBatch> batches = prepare();
        Watermark mark = heldWatermark;
        heldWatermark = null;
        if (inference == null) {
            emit(batches, VersionBatch.scoreAll(batches));
            if (mark != null) {
                emitWatermark(mark);
            }
            return;
        }
        // Double buffering: one batch in the inference thread while the next one fills.
        awaitInFlight();
        InFlight batch = new InFlight(batches, mark);
        inFlight = batch;
        inference.execute(
                () -> {
                    List<BatchScorer.Result> results = null;
                    Throwable failure = null;
                    try {
                        results = VersionBatch.scoreAll(batches);
                    } catch (Throwable t) {
                        failure = t;
                    }
                    List<BatchScorer.Result> done = results;
                    Throwable failed = failure;
                    try {
                        mailbox.execute(() -> complete(batch, done, failed), "emit scored batch");
                    } catch (RejectedExecutionException e) {
                        // The task is closing; its batch is replayed from the last checkpoint.
                    }
                });
    }

    /** On the task thread: emits a batch the inference thread has scored, then its watermark. */
    private void complete(InFlight batch, List<BatchScorer.Result> results, Throwable failure)
            throws Exception {
        inFlight = null;
        if (failure != null) {
            throw new IllegalStateException("scoring failed: " + failure, failure);
        }
        emit(batch.batches, results);
        if (batch.watermark != null) {
            emitWatermark(batch.watermark);
        }
    }

    /** Runs the task's mailbox until no batch is in the inference thread. */
    private void awaitInFlight() throws InterruptedException {
        while (inFlight != null) {
            mailbox.yield();
        }
    }

    /**
     * Groups the buffer by the version that scores each event (shadows first), dead-letters events
     * of unserved models, and empties the buffer.
     */
    private List<VersionBatch> prepare() {
        ModelTimeline timeline = versions.timeline();
        Map<VersionKey, List<StreamRecord<MonitorEvent>>> live = new LinkedHashMap<>();
        Map<VersionKey, List<StreamRecord<MonitorEvent>>> shadow = new LinkedHashMap<>();
        for (StreamRecord<MonitorEvent> record : buffer) {
            MonitorEvent event = record.getValue();
            String name = specs.servingName(event.modelName(), event.source());
            if (!specs.modelDirs().containsKey(name)) {
                deadLetter(
                        record,
                        ErrorCode.UNKNOWN_MODEL,
                        "model '"
                                + name
                                + "' is not served by this job; served: "
                                + specs.modelDirs().keySet());
                continue;
            }
            ModelTimeline.Serving serving = timeline.at(name, event.eventTime());
            live.computeIfAbsent(new VersionKey(name, serving.live()), k -> new ArrayList<>())
                    .add(record);
            if (serving.shadow() != null) {
                shadow.computeIfAbsent(
                                new VersionKey(name, serving.shadow()), k -> new ArrayList<>())
                        .add(record);
            }
            newestScored.merge(name, event.eventTime(), Math::max);
        }
        buffer.clear();
        List<VersionBatch> batches = new ArrayList<>();
        shadow.forEach((key, records) -> addBatch(batches, key, records, true));
        live.forEach((key, records) -> addBatch(batches, key, records, false));
        return batches;
    }

    /** A version of a served model: its serving name and its timeline key. */
    private record VersionKey(String name, String key) {}

    private void addBatch(
            List<VersionBatch> batches,
            VersionKey version,
            List<StreamRecord<MonitorEvent>> records,
            boolean shadow) {
        try {
            ServedVersions.Loaded loaded = versions.get(version.name(), version.key());
            batches.add(new VersionBatch(records, loaded, shadow));
        } catch (IOException e) {
            if (shadow) {
                LOG.warn("Shadow scores not written: {}", e.getMessage());
            } else {
                records.forEach(r -> deadLetter(r, ErrorCode.UNKNOWN_MODEL, e.getMessage()));
            }
        }
    }

    /**
     * Emits the scores of {@code batches}: a live version's as the operator's output, each with the
     * shadow's verdict; a shadow version's to the shadow side output only.
     */
    private void emit(List<VersionBatch> batches, List<BatchScorer.Result> results) {
        Map<StreamRecord<MonitorEvent>, ShadowVerdict> shadowVerdicts = new IdentityHashMap<>();
        for (int b = 0; b < batches.size(); b++) {
            VersionBatch batch = batches.get(b);
            BatchScorer.Result result = results.get(b);
            if (result.forwarded() > 0) {
                latencyMs.update(result.inferenceNanos() / 1_000_000);
                batchSizes.update(result.forwarded());
            }
            OutputTag<OodScore> shadowTag = batch.shadow() ? ControlStatuses.SHADOW_SCORES : null;
            for (int i = 0; i < batch.records().size(); i++) {
                emitScore(
                        batch.records().get(i),
                        result.outcomes().get(i),
                        batch.version(),
                        shadowTag,
                        shadowVerdicts);
            }
        }
    }

    /** A flushed buffer in the inference thread, and the watermark to emit after its scores. */
    private static final class InFlight {
        final List<VersionBatch> batches;
        Watermark watermark;

        InFlight(List<VersionBatch> batches, Watermark watermark) {
            this.batches = batches;
            this.watermark = watermark;
        }
    }

    private void emitScore(
            StreamRecord<MonitorEvent> record,
            Outcome outcome,
            ServedVersions.Loaded version,
            OutputTag<OodScore> shadowTag,
            Map<StreamRecord<MonitorEvent>, ShadowVerdict> shadowVerdicts) {
        if (outcome instanceof Outcome.Failed failed) {
            if (shadowTag == null) {
                deadLetter(record, failed.code(), failed.message());
            }
            return;
        }
        Outcome.Scored verdict = (Outcome.Scored) outcome;
        OodScore score;
        try {
            score =
                    ScoreBuilder.of(
                            record.getValue(),
                            verdict.verdict(),
                            verdict.logits(),
                            version.served().model(),
                            withClassDistances,
                            clock.timeOf(record.getValue().raw()));
        } catch (RuntimeException e) {
            if (shadowTag == null) {
                Outcome.Failed failed = Outcome.Failed.unexpected("scoring", e);
                deadLetter(record, failed.code(), failed.message());
            }
            return;
        }
        Optional<String> tooLarge = outputSize.check(record.getValue().raw(), score);
        if (shadowTag != null) {
            shadowVerdicts.put(
                    record,
                    new ShadowVerdict(score.modelVersion(), score.modelChecksum(), score.isOod()));
            if (tooLarge.isEmpty()) {
                output.collect(shadowTag, withTimestampOf(record, score));
            }
            return;
        }
        ShadowVerdict shadowVerdict = shadowVerdicts.get(record);
        if (shadowVerdict != null) {
            score = score.withShadow(shadowVerdict);
        }
        if (version.location() != null) {
            score = score.withModelLocation(version.location());
        }
        if (tooLarge.isPresent()) {
            deadLetter(record, ErrorCode.OVERSIZED_RECORD, tooLarge.get());
            return;
        }
        scored.inc();
        if (score.isOod()) {
            ood.inc();
        }
        output.collect(withTimestampOf(record, score));
    }

    /**
     * A new record: the event's record stays as it is, since the live version scores it after a
     * shadow version did.
     */
    private static StreamRecord<OodScore> withTimestampOf(
            StreamRecord<MonitorEvent> record, OodScore score) {
        return record.hasTimestamp()
                ? new StreamRecord<>(score, record.getTimestamp())
                : new StreamRecord<>(score);
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
