package org.oodmonitor.job.operators;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.time.Duration;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.oodmonitor.inference.scoring.BatchScorer;
import org.oodmonitor.inference.scoring.InferenceThreads;
import org.oodmonitor.job.control.ModelTimeline;
import org.oodmonitor.job.operators.internal.CommandStatusReporter;
import org.oodmonitor.job.operators.internal.MicroBatchBuffer;
import org.oodmonitor.job.operators.internal.OverlappedInference;
import org.oodmonitor.job.operators.internal.ScoreRouter;
import org.oodmonitor.job.operators.internal.VersionBatch;
import org.oodmonitor.job.operators.internal.VersionBatcher;
import org.oodmonitor.job.scoring.ModelRegistry;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.job.scoring.ScoringPlatform;
import org.oodmonitor.job.scoring.ServedVersions;
import org.oodmonitor.job.source.MonitorEvent;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.ModelCommand;

/**
 * Scores events in micro-batches: collects up to {@code maxBatchSize} events or for at most {@code
 * maxDelayMs}, whichever comes first, and runs one forward pass per model version and batch, padded
 * to {@code maxBatchSize} rows with fixed-shape batches so that no score depends on its batch
 * neighbours (PyTorch's CPU kernels choose their blocking by batch size).
 *
 * <p>Nothing buffered is lost or duplicated: the buffer is flushed before every checkpoint barrier
 * and at the end of input, and a watermark waits behind the events that came before it ({@link
 * MicroBatchBuffer}). Which version scores an event is the {@link ModelTimeline}'s answer for the
 * event's time ({@link VersionBatcher}); forward passes may overlap the next batch's parsing
 * ({@link OverlappedInference}); scores, shadow scores and dead letters are routed by the {@link
 * ScoreRouter}, and every command gets a status record from every subtask ({@link
 * CommandStatusReporter}). The operator itself keeps the lifecycle: models are loaded in {@link
 * #open()}, on GPU {@code subtask mod GPU count} when there are GPUs, and closed in {@link
 * #close()}.
 */
@Internal
public abstract class AbstractScoringOperator extends AbstractStreamOperator<ScoredEvent>
        implements ProcessingTimeCallback {

    private static final long serialVersionUID = 1L;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final ScoringSettings settings;
    private final List<ModelCommand> initialCommands;

    private transient ServedVersions versions;
    private transient MicroBatchBuffer buffer;
    private transient VersionBatcher batcher;
    private transient OverlappedInference inference;
    private transient ScoreRouter router;
    private transient CommandStatusReporter reporter;
    private transient boolean timerSet;

    /**
     * @param settings which {@code PipelineSettings} has checked
     * @param initialCommands the accepted control commands the operator starts from
     */
    protected AbstractScoringOperator(
            ScoringSettings settings, List<ModelCommand> initialCommands) {
        this.settings = settings;
        this.initialCommands = List.copyOf(initialCommands);
    }

    /** The commands the timeline starts from: restored ones, else the initial ones. */
    protected List<ModelCommand> startingCommands() throws Exception {
        return initialCommands;
    }

    @Override
    public void open() throws Exception {
        super.open();
        var task = getRuntimeContext().getTaskInfo();
        int intraOpThreads =
                InferenceThreads.resolve(
                        settings.inferenceThreads(), task.getNumberOfParallelSubtasks());
        InferenceThreads.start(intraOpThreads);
        Device device = device(task.getIndexOfThisSubtask());
        ModelRegistry registry = settings.models().open(device);
        versions =
                new ServedVersions(
                        registry,
                        ModelTimeline.of(registry.versions(), startingCommands()),
                        device,
                        settings.fixedRows(),
                        intraOpThreads);
        versions.preload();
        buffer = new MicroBatchBuffer(settings.maxBatchSize());
        batcher = new VersionBatcher(settings.models());
        var metrics = getMetricGroup();
        router =
                new ScoreRouter(
                        output,
                        metrics,
                        settings.clock(),
                        settings.classDistances(),
                        settings.maxOutputBytes(),
                        ScoringPlatform.current(intraOpThreads).describe());
        reporter = new CommandStatusReporter(output, metrics, task.getIndexOfThisSubtask());
        metrics.gauge("deployedVersionsLoaded", () -> versions.deployedCount());
        inference =
                settings.overlapInference()
                        ? OverlappedInference.onOwnThread(
                                getContainingTask()
                                        .getMailboxExecutorFactory()
                                        .createExecutor(getOperatorConfig().getChainIndex()),
                                this::complete)
                        : OverlappedInference.onTaskThread(this::complete);
        LOG.info(
                "Batch scoring: {}, models {}, {} control commands",
                settings.describe(intraOpThreads),
                registry.names(),
                versions.timeline().commands().size());
    }

    /** Buffers one event for its batch. */
    protected void addEvent(StreamRecord<MonitorEvent> element) throws Exception {
        if (buffer.add(element)) {
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
        if (reporter.apply(command, versions)) {
            startTimer();
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
            inference.awaitIdle();
            emitWatermark(mark);
        } else if (!buffer.hold(mark) && !inference.hold(mark)) {
            emitWatermark(mark);
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        inference.awaitIdle();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        inference.awaitIdle();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        boolean idle = inference == null || inference.shutdown(CLOSE_WAIT);
        if (!idle) {
            LOG.warn("Inference thread still busy after {}; models left open", CLOSE_WAIT);
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
            time.registerTimer(
                    time.getCurrentProcessingTime() + settings.maxBatchDelay().toMillis(), this);
        }
    }

    private void emitWatermark(Watermark mark) throws Exception {
        super.processWatermark(mark);
        versions.release(mark.getTimestamp());
    }

    private void reportSettled() {
        if (reporter.reportSettled(versions)) {
            startTimer();
        }
    }

    /** Groups the buffer by version and hands it to the inference; the held watermark follows. */
    private void flush() throws Exception {
        if (buffer.isEmpty()) {
            return;
        }
        reportSettled();
        MicroBatchBuffer.Drained drained = buffer.drain();
        VersionBatcher.Grouping grouping = batcher.group(drained.events(), versions.timeline());
        reporter.scored(grouping.newestEventTime());
        List<VersionBatch> batches =
                VersionBatcher.load(
                        grouping,
                        versions,
                        u -> router.deadLetter(u.record(), ErrorCode.UNKNOWN_MODEL, u.message()));
        inference.submit(batches, drained.watermark());
    }

    /** On the task thread: emits a scored batch, then the watermark held behind it. */
    private void complete(
            List<VersionBatch> batches, List<BatchScorer.Result> results, Watermark watermark)
            throws Exception {
        router.emit(batches, results);
        if (watermark != null) {
            emitWatermark(watermark);
        }
    }
}
