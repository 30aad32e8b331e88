package org.oodmonitor.job;

import java.util.concurrent.TimeUnit;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.oodmonitor.job.control.CommandCheck;
import org.oodmonitor.job.control.ControlCommandFunction;
import org.oodmonitor.job.control.ControlInput;
import org.oodmonitor.job.control.ControlRecord;
import org.oodmonitor.job.control.DeployCheckFunction;
import org.oodmonitor.job.control.ReadControlFunction;
import org.oodmonitor.job.labels.LabelledPipeline;
import org.oodmonitor.job.operators.BatchScoringOperator;
import org.oodmonitor.job.operators.ControlledScoringOperator;
import org.oodmonitor.job.operators.ShiftDetectorFunction;
import org.oodmonitor.job.operators.SplitDeadLettersFunction;
import org.oodmonitor.job.operators.TumblingOodRateFunction;
import org.oodmonitor.job.operators.WindowKeyCapFunction;
import org.oodmonitor.job.outputs.SideOutputs;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.job.source.MonitorEvent;
import org.oodmonitor.job.source.ParsedRecord;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.ControlStatus;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.ModelCommand;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.QualityWindow;
import org.oodmonitor.schemas.ShiftAlert;

/**
 * Builds the monitor's operators between given input streams and the returned output streams, so
 * that Kafka (live), bounded sources (tests, replays) and any sinks use the same operators. Every
 * operator has a name and a stable uid.
 */
@PublicEvolving
public final class OodMonitorPipeline {

    /**
     * The pipeline's outputs.
     *
     * @param scores every scored event, with what the sinks need of it beside the score record
     * @param alerts the scored events that are OOD
     * @param windows OOD rate per key and window
     * @param deadLetters every record that could not be processed, with the reason
     * @param lateScores scores that arrived after their window was emitted
     * @param shifts the sequential detector's shift alerts, per source and model version
     * @param controlStatus what became of each control command
     * @param shadowScores the scores of shadow model versions
     * @param quality realized quality per window once delayed labels are in; null when the pipeline
     *     reads no labels
     */
    public record Outputs(
            DataStream<ScoredEvent> scores,
            DataStream<ScoredEvent> alerts,
            DataStream<OodRateWindow> windows,
            DataStream<DeadLetter> deadLetters,
            DataStream<OodScore> lateScores,
            DataStream<ShiftAlert> shifts,
            DataStream<ControlStatus> controlStatus,
            DataStream<ScoredEvent> shadowScores,
            DataStream<QualityWindow> quality) {}

    /**
     * Control records in the deploy check at once: commands, not raw records, so a full queue is a
     * few MB; a deploy waits behind at most {@code ood.control.max-pending-checks} others.
     */
    private static final int CONTROL_QUEUE = 1000;

    private OodMonitorPipeline() {}

    /**
     * @param images parsed image-event records with event-time watermarks (from {@link
     *     org.oodmonitor.job.source.KafkaSources}), or null when the job reads none
     * @param features parsed feature-event records with watermarks, or null when the job reads none
     * @throws IllegalArgumentException when both inputs are null
     */
    public static Outputs build(
            DataStream<ParsedRecord> images,
            DataStream<ParsedRecord> features,
            PipelineSettings settings) {
        return build(images, features, ControlInput.none(), settings);
    }

    /**
     * Like {@link #build(DataStream, DataStream, PipelineSettings)}, with model versions that
     * {@code control} changes by event time.
     */
    public static Outputs build(
            DataStream<ParsedRecord> images,
            DataStream<ParsedRecord> features,
            ControlInput control,
            PipelineSettings settings) {
        return build(images, features, control, null, settings);
    }

    /**
     * Like {@link #build(DataStream, DataStream, ControlInput, PipelineSettings)}, with delayed
     * labels joined with the scores into quality windows.
     *
     * @param labels the label records as read (parsed and timed here), or null for none
     */
    public static Outputs build(
            DataStream<ParsedRecord> images,
            DataStream<ParsedRecord> features,
            ControlInput control,
            DataStream<RawRecord> labels,
            PipelineSettings settings) {
        if (images == null && features == null) {
            throw new IllegalArgumentException("the pipeline needs at least one input stream");
        }
        SingleOutputStreamOperator<MonitorEvent> events =
                union(images, features)
                        .process(
                                new SplitDeadLettersFunction(),
                                TypeInformation.of(MonitorEvent.class))
                        .name("split-dead-letters")
                        .uid("split-dead-letters");
        SingleOutputStreamOperator<ScoredEvent> scored;
        DataStream<ControlStatus> statuses;
        if (control.records() == null) {
            scored =
                    events.transform(
                                    "batched-scoring",
                                    TypeInformation.of(ScoredEvent.class),
                                    new BatchScoringOperator(
                                            settings.scoring(), control.accepted()))
                            .uid("batched-scoring");
            statuses = scored.getSideOutput(SideOutputs.CONTROL_STATUS);
        } else {
            CommandCheck check = settings.commandCheck();
            SingleOutputStreamOperator<ControlRecord> read =
                    control.records()
                            .map(
                                    new ReadControlFunction(check),
                                    TypeInformation.of(ControlRecord.class))
                            .setParallelism(1)
                            .name("read-model-commands")
                            .uid("read-model-commands");
            SingleOutputStreamOperator<ControlRecord> checked =
                    AsyncDataStream.orderedWait(
                                    read,
                                    new DeployCheckFunction(check),
                                    settings.control().verifyTimeout().toMillis(),
                                    TimeUnit.MILLISECONDS,
                                    CONTROL_QUEUE)
                            .setParallelism(1)
                            .name("check-deployed-models")
                            .uid("check-deployed-models");
            SingleOutputStreamOperator<ModelCommand> accepted =
                    checked.process(
                                    new ControlCommandFunction(check, control.accepted()),
                                    TypeInformation.of(ModelCommand.class))
                            .setParallelism(1)
                            .name("model-commands")
                            .uid("model-commands");
            scored =
                    events.connect(accepted.broadcast())
                            .transform(
                                    "batched-scoring",
                                    TypeInformation.of(ScoredEvent.class),
                                    new ControlledScoringOperator(
                                            settings.scoring(), control.accepted()))
                            .uid("batched-scoring");
            statuses =
                    accepted.getSideOutput(SideOutputs.CONTROL_STATUS)
                            .union(scored.getSideOutput(SideOutputs.CONTROL_STATUS));
        }
        DataStream<ScoredEvent> alerts =
                scored.filter(e -> e.score().isOod()).name("alerts").uid("alerts");
        SingleOutputStreamOperator<OodRateWindow> windows =
                scored.keyBy(WindowKeyCapFunction::modelOf)
                        .process(new WindowKeyCapFunction(settings.windows()))
                        .name("window-key-cap")
                        .uid("window-key-cap")
                        .keyBy(TumblingOodRateFunction::keyOf)
                        .process(new TumblingOodRateFunction(settings.windows()))
                        .name("ood-rate-windows")
                        .uid("ood-rate-windows");
        DataStream<ShiftAlert> shifts =
                windows.keyBy(ShiftDetectorFunction::keyOf)
                        .process(new ShiftDetectorFunction(settings.windows()))
                        .name("shift-detector")
                        .uid("shift-detector");
        DataStream<DeadLetter> deadLetters =
                events.getSideOutput(SideOutputs.DEAD_LETTERS)
                        .union(scored.getSideOutput(SideOutputs.DEAD_LETTERS));
        DataStream<QualityWindow> quality = null;
        if (labels != null) {
            LabelledPipeline labelled = LabelledPipeline.build(scored, labels, settings);
            quality = labelled.quality();
            deadLetters = deadLetters.union(labelled.deadLetters());
        }
        return new Outputs(
                scored,
                alerts,
                windows,
                deadLetters,
                windows.getSideOutput(SideOutputs.LATE_SCORES),
                shifts,
                statuses,
                scored.getSideOutput(SideOutputs.SHADOW_SCORES),
                quality);
    }

    private static <T> DataStream<T> union(DataStream<T> a, DataStream<T> b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a.union(b);
    }
}
