package org.oodmonitor.job.replay;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.oodmonitor.job.KafkaMonitorJob;
import org.oodmonitor.job.OodMonitorPipeline;
import org.oodmonitor.job.PipelineSettings;
import org.oodmonitor.job.config.KafkaSettings;
import org.oodmonitor.job.control.ControlInput;
import org.oodmonitor.job.labels.LabelledPipeline;
import org.oodmonitor.job.operators.SplitDeadLettersFunction;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.job.source.KafkaSources;
import org.oodmonitor.job.source.ParsedRecord;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.QualityWindow;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.ShiftAlert;
import org.oodmonitor.schemas.serialization.ReadResult;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * Runs one replay: bounded Kafka sources over the input's offset ranges, the live job's pipeline,
 * Kafka sinks when the target is Kafka, and every output brought back to the client for files and
 * the audit report. The job ends by itself when every range has been read.
 */
@PublicEvolving
public final class ReplayJob {

    private static final String SCORE = "score";
    private static final String WINDOW = "window";
    private static final String DEAD_LETTER = "dead-letter";
    private static final String LATE = "late";
    private static final String SHIFT = "shift";
    private static final String QUALITY = "quality";

    private ReplayJob() {}

    /**
     * @param config the monitor's options (Kafka, topics, sink settings) and Flink's
     * @param settings the pipeline's settings, normally {@link PipelineSettings#forReplay()}
     * @param mode batch (no event is late) or streaming (watermarks as in the live job)
     * @param progress where progress lines go, or null
     * @throws Exception when the job fails
     */
    public static ReplayResult run(
            Configuration config,
            PipelineSettings settings,
            ReplayInput input,
            ReplayTarget target,
            RuntimeExecutionMode mode,
            PrintStream progress)
            throws Exception {
        StreamExecutionEnvironment env = environment(config, mode);
        Optional<OodMonitorPipeline.Outputs> built = pipeline(env, config, settings, input, target);
        if (built.isEmpty()) {
            return ReplayResult.empty();
        }
        OodMonitorPipeline.Outputs out = built.get();
        DataStream<String> tagged =
                out.scores()
                        .map(ScoredEvent::score, TypeInformation.of(OodScore.class))
                        .name("score-records")
                        .uid("score-records")
                        .map(new TaggedJsonFunction<>(SCORE, RecordType.OOD_SCORE))
                        .union(
                                out.windows()
                                        .map(
                                                new TaggedJsonFunction<>(
                                                        WINDOW, RecordType.OOD_RATE_WINDOW)),
                                out.deadLetters()
                                        .map(
                                                new TaggedJsonFunction<>(
                                                        DEAD_LETTER, RecordType.DEAD_LETTER)),
                                out.lateScores()
                                        .map(new TaggedJsonFunction<>(LATE, RecordType.OOD_SCORE)),
                                out.shifts()
                                        .map(
                                                new TaggedJsonFunction<>(
                                                        SHIFT, RecordType.SHIFT_ALERT)));
        if (out.quality() != null) {
            tagged =
                    tagged.union(
                            out.quality()
                                    .map(
                                            new TaggedJsonFunction<>(
                                                    QUALITY, RecordType.QUALITY_WINDOW)));
        }
        DataStream.Collector<String> collector = new DataStream.Collector<>();
        tagged.collectAsync(collector);
        JobClient job = env.executeAsync("ood-replay");
        Collected collected = new Collected();
        CloseableIterator<String> lines = collector.getOutput();
        try (ReplayProgress ignored = ReplayProgress.start(job, input.offsets(), progress)) {
            lines.forEachRemaining(collected::add);
        } catch (RuntimeException | InterruptedException e) {
            // Cancels the job. An exhausted iterator is left alone: closing it asks a local
            // cluster that has already shut down for the job's status.
            lines.close();
            throw e;
        }
        JobExecutionResult execution = job.getJobExecutionResult().get();
        return requireNothingLost(execution, collected.result(), "brought back");
    }

    /**
     * Every record read becomes a score or a dead letter: anything else is lost output.
     *
     * @param where how the outputs were gathered, for the message
     * @throws IllegalStateException when the counts differ
     */
    @Internal
    public static ReplayResult requireNothingLost(
            JobExecutionResult execution, ReplayResult result, String where) {
        Object read = execution.getAccumulatorResult(SplitDeadLettersFunction.RECORDS_READ);
        // Labels become no score: their dead letters are not events'.
        Object labelLetters =
                execution.getAccumulatorResult(LabelledPipeline.DEAD_LETTERS_ACCUMULATOR);
        long events = result.records() - (labelLetters instanceof Long l ? l : 0L);
        if (read instanceof Long n && n != events) {
            throw new IllegalStateException(
                    "the replay read "
                            + n
                            + " records but "
                            + where
                            + " "
                            + events
                            + " scores and dead letters");
        }
        return result;
    }

    /** The environment of a replay in {@code mode}. */
    static StreamExecutionEnvironment environment(Configuration config, RuntimeExecutionMode mode) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        KafkaMonitorJob.flinkConfiguration(config));
        env.setRuntimeMode(mode);
        return env;
    }

    /**
     * The replay's pipeline on {@code env}: bounded sources over the input's ranges, the live job's
     * operators, and the Kafka sinks when the target is Kafka.
     *
     * @return its outputs; empty when there is no input to read
     */
    static Optional<OodMonitorPipeline.Outputs> pipeline(
            StreamExecutionEnvironment env,
            Configuration config,
            PipelineSettings settings,
            ReplayInput input,
            ReplayTarget target)
            throws Exception {
        KafkaSettings kafka = KafkaSettings.from(config);
        Properties clients = kafka.clientProperties();
        String servers = kafka.bootstrapServers();
        DataStream<ParsedRecord> images =
                ReplaySources.of(servers, clients, input.images(), settings.parser(true))
                        .map(
                                source ->
                                        KafkaSources.stream(
                                                env, source, "images", settings.watermarks()))
                        .orElse(null);
        DataStream<ParsedRecord> features =
                ReplaySources.of(servers, clients, input.features(), settings.parser(false))
                        .map(
                                source ->
                                        KafkaSources.stream(
                                                env, source, "features", settings.watermarks()))
                        .orElse(null);
        if (images == null && features == null) {
            return Optional.empty();
        }
        DataStream<RawRecord> labels =
                ReplaySources.raw(servers, clients, input.labels())
                        .map(
                                source ->
                                        (DataStream<RawRecord>)
                                                env.fromSource(
                                                                source,
                                                                WatermarkStrategy.noWatermarks(),
                                                                "labels-source")
                                                        .uid("labels-source"))
                        .orElse(null);
        OodMonitorPipeline.Outputs out =
                OodMonitorPipeline.build(
                        images,
                        features,
                        ControlInput.fixed(input.control().accepted()),
                        labels,
                        settings);
        if (target.isKafka()) {
            boolean batch =
                    env.getConfiguration().get(ExecutionOptions.RUNTIME_MODE)
                            == RuntimeExecutionMode.BATCH;
            ReplayKafkaOutputs.attach(out, config, target, batch);
        }
        return Optional.of(out);
    }

    /** The client side: parses the tagged lines back into records. */
    private static final class Collected {
        private final RecordReader<OodScore> scoreReader =
                new RecordReader<>(RecordType.OOD_SCORE, ValidationLimits.defaults());
        private final RecordReader<OodRateWindow> windowReader =
                new RecordReader<>(RecordType.OOD_RATE_WINDOW, ValidationLimits.defaults());
        private final RecordReader<DeadLetter> deadLetterReader =
                new RecordReader<>(RecordType.DEAD_LETTER, ValidationLimits.defaults());
        private final List<OodScore> scores = new ArrayList<>();
        private final List<OodRateWindow> windows = new ArrayList<>();
        private final RecordReader<ShiftAlert> shiftReader =
                new RecordReader<>(RecordType.SHIFT_ALERT, ValidationLimits.defaults());
        private final List<DeadLetter> deadLetters = new ArrayList<>();
        private final List<ShiftAlert> shifts = new ArrayList<>();
        private final RecordReader<QualityWindow> qualityReader =
                new RecordReader<>(RecordType.QUALITY_WINDOW, ValidationLimits.defaults());
        private final List<QualityWindow> quality = new ArrayList<>();
        private long late;

        void add(String line) {
            int tab = line.indexOf('\t');
            String tag = line.substring(0, tab);
            byte[] json = line.substring(tab + 1).getBytes(StandardCharsets.UTF_8);
            switch (tag) {
                case SCORE -> scores.add(value(scoreReader.read(json)));
                case WINDOW -> windows.add(value(windowReader.read(json)));
                case DEAD_LETTER -> deadLetters.add(value(deadLetterReader.read(json)));
                case LATE -> late++;
                case SHIFT -> shifts.add(value(shiftReader.read(json)));
                case QUALITY -> quality.add(value(qualityReader.read(json)));
                default -> throw new IllegalStateException("unknown tag " + tag);
            }
        }

        private static <T> T value(ReadResult<T> result) {
            if (!result.isOk()) {
                throw new IllegalStateException(
                        "the replay produced an invalid record: " + result.errorMessage());
            }
            return result.value();
        }

        ReplayResult result() {
            return new ReplayResult(scores, windows, deadLetters, late, shifts, quality);
        }
    }
}
