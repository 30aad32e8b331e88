package org.oodmonitor.job.labels;

import java.time.Duration;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.oodmonitor.job.outputs.SideOutputs;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.job.source.DeadLetters;
import org.oodmonitor.job.source.ProcessingClock;
import org.oodmonitor.schemas.ErrorCode;

/**
 * Joins each score with its delayed label by source and event id, in event time: a score waits for
 * its label until the watermark passes its event time plus {@code ood.labels.max-delay}, a label
 * for its score until the watermark passes its label time plus the same. Each score leaves exactly
 * once, labelled or not. A label too late (within two more waits after its score left unlabelled,
 * or older than the watermark by more than the wait), without a score, or a second one for the same
 * event goes to the dead letters with its reason and is counted, never dropped silently. All state
 * is checkpointed and cleared by the last timer of its key.
 */
@Internal
public final class LabelJoinFunction
        extends KeyedCoProcessFunction<String, ScoredEvent, LabelRecord, LabelledScore> {

    private static final long serialVersionUID = 1L;

    private final long maxDelay;
    private final ProcessingClock clock;

    private transient ValueState<ScoreFacts> score;
    private transient ValueState<LabelFacts> label;
    private transient ValueState<Boolean> joined;
    private transient ValueState<Boolean> waitOver;
    private transient ValueState<Long> expiry;
    private transient Counter joinedCount;
    private transient Counter unlabelled;
    private transient Counter late;
    private transient Counter withoutEvent;
    private transient Counter duplicates;
    private transient Counter repeatedScores;
    private transient LongCounter deadLettered;

    public LabelJoinFunction(Duration maxDelay, ProcessingClock clock) {
        this.maxDelay = maxDelay.toMillis();
        this.clock = clock;
    }

    /** The key of both inputs: the source and the event id, which is unique per source. */
    public static String keyOf(ScoredEvent event) {
        return key(event.score().source(), event.score().eventId());
    }

    /** The key of both inputs: the source and the event id, which is unique per source. */
    public static String keyOf(LabelRecord label) {
        return key(label.label().source(), label.label().eventId());
    }

    private static String key(String source, String eventId) {
        return source + "\u0000" + eventId;
    }

    /** The event id of a key, for messages. */
    private static String eventOf(String key) {
        return key.substring(key.indexOf('\u0000') + 1);
    }

    @Override
    public void open(OpenContext context) {
        score =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "score", TypeInformation.of(ScoreFacts.class)));
        label =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "label", TypeInformation.of(LabelFacts.class)));
        joined = getRuntimeContext().getState(new ValueStateDescriptor<>("joined", Types.BOOLEAN));
        waitOver =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("wait-over", Types.BOOLEAN));
        expiry = getRuntimeContext().getState(new ValueStateDescriptor<>("expiry", Types.LONG));
        var metrics = getRuntimeContext().getMetricGroup();
        joinedCount = metrics.counter("labelsJoined");
        unlabelled = metrics.counter("scoresUnlabelled");
        late = metrics.counter("labelsTooLate");
        withoutEvent = metrics.counter("labelsWithoutEvent");
        duplicates = metrics.counter("labelsDuplicate");
        repeatedScores = metrics.counter("scoresRepeated");
        deadLettered = new LongCounter();
        getRuntimeContext().addAccumulator(LabelledPipeline.DEAD_LETTERS_ACCUMULATOR, deadLettered);
    }

    @Override
    public void processElement1(ScoredEvent event, Context ctx, Collector<LabelledScore> out)
            throws Exception {
        if (Boolean.TRUE.equals(joined.value())
                || Boolean.TRUE.equals(waitOver.value())
                || score.value() != null) {
            // A repeated score of an event already here (its source sent it twice): the first
            // one counts, in the quality windows as in this join.
            repeatedScores.inc();
            return;
        }
        ScoreFacts facts = ScoreFacts.of(event);
        waitUntil(ctx, facts.eventTime);
        LabelFacts waiting = label.value();
        label.clear();
        if (waiting == null || !join(ctx, facts, waiting, out)) {
            score.update(facts);
        }
    }

    @Override
    public void processElement2(LabelRecord record, Context ctx, Collector<LabelledScore> out)
            throws Exception {
        LabelFacts facts = LabelFacts.of(record);
        if (Boolean.TRUE.equals(joined.value()) || label.value() != null) {
            duplicates.inc();
            deadLetter(ctx, facts, ErrorCode.DUPLICATE_LABEL, "event already has a label");
            return;
        }
        if (Boolean.TRUE.equals(waitOver.value())) {
            late.inc();
            deadLetter(
                    ctx,
                    facts,
                    ErrorCode.LABEL_TOO_LATE,
                    "the score of event "
                            + eventOf(ctx.getCurrentKey())
                            + " waited ood.labels.max-delay ("
                            + maxDelay
                            + " ms) for its label and left without it");
            return;
        }
        ScoreFacts waiting = score.value();
        if (waiting == null && facts.labelTime + maxDelay < ctx.timerService().currentWatermark()) {
            late.inc();
            deadLetter(
                    ctx,
                    facts,
                    ErrorCode.LABEL_TOO_LATE,
                    "label of "
                            + facts.labelTime
                            + " arrived when the event time was "
                            + ctx.timerService().currentWatermark()
                            + ", past ood.labels.max-delay ("
                            + maxDelay
                            + " ms)");
            return;
        }
        if (waiting != null) {
            if (join(ctx, waiting, facts, out)) {
                score.clear();
            }
        } else {
            waitUntil(ctx, facts.labelTime);
            label.update(facts);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LabelledScore> out)
            throws Exception {
        Long until = expiry.value();
        if (until != null && timestamp < until) {
            return;
        }
        ScoreFacts waiting = score.value();
        if (waiting != null) {
            unlabelled.inc();
            out.collect(new LabelledScore(waiting, null));
            // For two more waits, a label that comes now is known as too late, not as one
            // without an event.
            score.clear();
            waitOver.update(true);
            expiry.update(timestamp + 2 * maxDelay);
            ctx.timerService().registerEventTimeTimer(timestamp + 2 * maxDelay);
            return;
        }
        LabelFacts orphan = label.value();
        if (orphan != null) {
            withoutEvent.inc();
            deadLetter(
                    ctx,
                    orphan,
                    ErrorCode.LABEL_WITHOUT_EVENT,
                    "no score of event "
                            + eventOf(ctx.getCurrentKey())
                            + " arrived within ood.labels.max-delay ("
                            + maxDelay
                            + " ms)");
        }
        score.clear();
        label.clear();
        joined.clear();
        waitOver.clear();
        expiry.clear();
    }

    /**
     * Joins {@code s} with {@code l} and emits them, unless the label is for another model: that
     * label is a dead letter and the score goes on waiting for its own.
     *
     * @return whether they were joined
     */
    private boolean join(Context ctx, ScoreFacts s, LabelFacts l, Collector<LabelledScore> out)
            throws Exception {
        if (l.modelName != null && !l.modelName.equals(s.modelName)) {
            withoutEvent.inc();
            deadLetter(
                    ctx,
                    l,
                    ErrorCode.LABEL_WITHOUT_EVENT,
                    "label for model "
                            + l.modelName
                            + ", but event "
                            + s.eventId
                            + " was scored by "
                            + s.modelName);
            return false;
        }
        joinedCount.inc();
        out.collect(new LabelledScore(s, l));
        // Kept until the last timer of the key, to know a second label when it comes.
        joined.update(true);
        return true;
    }

    /** Keeps this key's state at least until the watermark passes {@code time + maxDelay}. */
    private void waitUntil(Context ctx, long time) throws Exception {
        long at = time + maxDelay;
        Long until = expiry.value();
        if (until == null || at > until) {
            expiry.update(at);
            ctx.timerService().registerEventTimeTimer(at);
        }
    }

    private void deadLetter(Context ctx, LabelFacts l, ErrorCode code, String why) {
        deadLettered.add(1);
        ctx.output(SideOutputs.DEAD_LETTERS, DeadLetters.of(l.raw(), code, why, clock));
    }
}
