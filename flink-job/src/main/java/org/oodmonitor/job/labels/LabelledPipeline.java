package org.oodmonitor.job.labels;

import java.time.Duration;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.oodmonitor.job.PipelineSettings;
import org.oodmonitor.job.outputs.SideOutputs;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.QualityWindow;

/**
 * The operators of delayed labels: parse and time the label records, join them with the scores by
 * event id, and count each window's realized quality.
 *
 * @param quality the quality windows
 * @param deadLetters the label records that could not be read or joined
 */
@Internal
public record LabelledPipeline(
        DataStream<QualityWindow> quality, DataStream<DeadLetter> deadLetters) {

    /**
     * The accumulator that counts the labels' dead letters, so that a replay can tell them from the
     * events' when it checks that every event read became a score or a dead letter.
     */
    public static final String DEAD_LETTERS_ACCUMULATOR = "label-dead-letters";

    /** Adds the operators between {@code scored} and {@code labels} and the returned streams. */
    public static LabelledPipeline build(
            DataStream<ScoredEvent> scored,
            DataStream<RawRecord> labels,
            PipelineSettings settings) {
        Duration maxDelay = settings.labels().maxDelay();
        SingleOutputStreamOperator<LabelRecord> parsed =
                labels.process(
                                new ParseLabelsFunction(
                                        settings.source().limits(),
                                        settings.source().eventTimeGuard(),
                                        settings.clock()),
                                TypeInformation.of(LabelRecord.class))
                        .name("parse-labels")
                        .uid("parse-labels");
        WatermarkStrategy<LabelRecord> watermarks =
                WatermarkStrategy.<LabelRecord>forBoundedOutOfOrderness(
                                settings.source().outOfOrderness())
                        .withTimestampAssigner((l, ts) -> l.label().labelTime());
        Duration idleness = settings.source().idleness();
        if (!idleness.isZero()) {
            watermarks = watermarks.withIdleness(idleness);
        }
        DataStream<LabelRecord> timed =
                parsed.assignTimestampsAndWatermarks(watermarks)
                        .name("label-watermarks")
                        .uid("label-watermarks");
        SingleOutputStreamOperator<LabelledScore> joined =
                scored.connect(timed)
                        .keyBy(LabelJoinFunction::keyOf, LabelJoinFunction::keyOf, Types.STRING)
                        .process(
                                new LabelJoinFunction(maxDelay, settings.clock()),
                                TypeInformation.of(LabelledScore.class))
                        .name("label-join")
                        .uid("label-join");
        DataStream<QualityWindow> quality =
                joined.keyBy(QualityWindowFunction::keyOf, Types.STRING)
                        .process(
                                new QualityWindowFunction(
                                        settings.windows().size(),
                                        maxDelay,
                                        settings.windows().maxKeys()),
                                TypeInformation.of(QualityWindow.class))
                        .name("quality-windows")
                        .uid("quality-windows");
        return new LabelledPipeline(
                quality,
                parsed.getSideOutput(SideOutputs.DEAD_LETTERS)
                        .union(joined.getSideOutput(SideOutputs.DEAD_LETTERS)));
    }
}
