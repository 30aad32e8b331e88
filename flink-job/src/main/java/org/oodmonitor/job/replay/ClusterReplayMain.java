package org.oodmonitor.job.replay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.oodmonitor.job.OodMonitorPipeline;
import org.oodmonitor.job.PipelineSettings;
import org.oodmonitor.job.config.JobConfig;
import org.oodmonitor.job.control.ControlTopic;
import org.oodmonitor.schemas.ModelCommand;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * The replay job as it runs from the job jar on a cluster (see the command line's {@code
 * ClusterReplay}): the live job's pipeline over bounded offset ranges with the model commands the
 * client read (one {@code --command} each), every output to the Kafka target, the count of late
 * scores in an accumulator. Its arguments are written by the command line's {@code ClusterReplay},
 * not by people.
 */
@Internal
public final class ClusterReplayMain {

    /** Accumulator: scores that came after their window had closed (streaming mode). */
    public static final String LATE_SCORES = "late-scores";

    private ClusterReplayMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        List<OffsetRange> images = new ArrayList<>();
        List<OffsetRange> features = new ArrayList<>();
        List<OffsetRange> labels = new ArrayList<>();
        RuntimeExecutionMode mode = RuntimeExecutionMode.BATCH;
        ReplayTarget target = null;
        Long from = null;
        Long to = null;
        List<ModelCommand> commands = new ArrayList<>();
        RecordReader<ModelCommand> commandReader =
                new RecordReader<>(RecordType.MODEL_COMMAND, ValidationLimits.defaults());
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--set" -> options.putAll(JobConfig.entries(List.of(value)));
                case "--images" -> images.addAll(ranges(value));
                case "--features" -> features.addAll(ranges(value));
                case "--labels" -> labels.addAll(ranges(value));
                case "--mode" -> mode = RuntimeExecutionMode.valueOf(value);
                case "--out" -> target = ReplayTarget.parse(value);
                case "--from" -> from = Long.parseLong(value);
                case "--to" -> to = Long.parseLong(value);
                case "--command" ->
                        commands.add(
                                commandReader.read(value.getBytes(StandardCharsets.UTF_8)).value());
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (target == null || !target.isKafka()) {
            throw new IllegalArgumentException("a cluster replay needs --out kafka:PREFIX");
        }
        Configuration config = Configuration.fromMap(options);
        PipelineSettings settings = PipelineSettings.from(config).forReplay();
        StreamExecutionEnvironment env = ReplayJob.environment(config, mode);
        OodMonitorPipeline.Outputs out =
                ReplayJob.pipeline(
                                env,
                                config,
                                settings,
                                new ReplayInput(
                                        images,
                                        features,
                                        from,
                                        to,
                                        ControlTopic.Read.of(commands),
                                        labels),
                                target)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "nothing to replay: no input ranges"));
        out.lateScores()
                .filter(new CountLate())
                .name("late-scores")
                .sinkTo(new DiscardingSink<>())
                .name("late-scores-count");
        env.execute("ood-replay");
    }

    private static List<OffsetRange> ranges(String text) {
        List<OffsetRange> ranges = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                ranges.add(OffsetRange.parse(part.strip()));
            }
        }
        return ranges;
    }

    /** Counts late scores into {@link #LATE_SCORES}; passes none on. */
    private static final class CountLate extends RichFilterFunction<OodScore> {
        private final LongCounter late = new LongCounter();

        @Override
        public void open(OpenContext context) {
            getRuntimeContext().addAccumulator(LATE_SCORES, late);
        }

        @Override
        public boolean filter(OodScore score) {
            late.add(1);
            return false;
        }
    }
}
