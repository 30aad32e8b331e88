package org.oodmonitor.cli.cluster;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.common.TopicPartition;
import org.oodmonitor.audit.ReplayExecutor;
import org.oodmonitor.audit.ReplayTopicReader;
import org.oodmonitor.job.config.KafkaSettings;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.replay.ClusterReplayMain;
import org.oodmonitor.job.replay.OffsetRange;
import org.oodmonitor.job.replay.ReplayInput;
import org.oodmonitor.job.replay.ReplayJob;
import org.oodmonitor.job.replay.ReplayKafkaOutputs;
import org.oodmonitor.job.replay.ReplayResult;
import org.oodmonitor.job.replay.ReplayTarget;
import org.oodmonitor.schemas.ModelCommand;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/**
 * Runs a replay on a Flink cluster: the packaged job jar's {@link ClusterReplayMain} reads the
 * ranges and writes every output to the target's Kafka topics, and this client reads them back,
 * from the offsets the topics had before, to build the audit report. Nothing passes through the
 * client while the job runs.
 *
 * @param url the cluster's REST address
 * @param jar the job jar, or null for the one the build wrote
 * @param parallelism the replay job's parallelism
 */
public record ClusterReplay(String url, String jar, int parallelism) implements ReplayExecutor {

    /** Runs the replay and reads its outputs back. */
    @Override
    public ReplayResult run(
            Configuration config,
            ReplayInput input,
            ReplayTarget target,
            RuntimeExecutionMode mode,
            PrintStream log)
            throws Exception {
        if (!target.isKafka()) {
            throw new IllegalArgumentException(
                    "replay --cluster writes its outputs to Kafka: use --out kafka:PREFIX");
        }
        KafkaSettings kafka = KafkaSettings.from(config);
        Properties clients = kafka.connectionProperties();
        ReplayKafkaOutputs.ensureTopics(kafka, target);
        if (mode == RuntimeExecutionMode.BATCH && log != null) {
            log.println(
                    "replay: on a cluster the replay runs in streaming mode: the exactly-once"
                            + " Kafka sink co-locates its committer with its writer, which batch"
                            + " scheduling on a cluster does not allow; bounded sources still end"
                            + " the job");
        }
        Map<TopicPartition, Long> before = ReplayTopicReader.ends(clients, target);
        JobExecutionResult execution;
        try (ClusterJobs jobs = ClusterJobs.connect(url)) {
            JobID id =
                    jobs.submit(
                            JobJar.locate(jar),
                            ClusterReplayMain.class.getName(),
                            arguments(config, input, target, RuntimeExecutionMode.STREAMING),
                            parallelism,
                            null);
            if (log != null) {
                log.println("replay: job " + id + " submitted to " + url);
            }
            execution = jobs.awaitResult(id);
        }
        return ReplayJob.requireNothingLost(
                execution,
                ReplayTopicReader.read(clients, target, before, late(execution)),
                "its topics hold");
    }

    private static long late(JobExecutionResult execution) {
        Object late = execution.getAccumulatorResult(ClusterReplayMain.LATE_SCORES);
        return late instanceof Long n ? n : 0L;
    }

    /** What {@link ClusterReplayMain} takes: the whole configuration, the ranges, mode, target. */
    private static List<String> arguments(
            Configuration config,
            ReplayInput input,
            ReplayTarget target,
            RuntimeExecutionMode mode) {
        List<String> args = new ArrayList<>();
        Configuration absolute = new Configuration(config);
        absolute.setString(ModelOptions.MODELS.key(), ClusterJobs.absoluteModelDirs(config));
        absolute.toMap()
                .forEach(
                        (key, value) -> {
                            args.add("--set");
                            args.add(key + "=" + value);
                        });
        args.addAll(List.of("--images", ranges(input.images())));
        args.addAll(List.of("--features", ranges(input.features())));
        if (!input.labels().isEmpty()) {
            args.addAll(List.of("--labels", ranges(input.labels())));
        }
        args.addAll(List.of("--mode", mode.name(), "--out", "kafka:" + target.topicPrefix()));
        if (input.from() != null) {
            args.addAll(List.of("--from", input.from().toString(), "--to", input.to().toString()));
        }
        // The commands this client read: the cluster applies exactly these, not a later read.
        RecordWriter<ModelCommand> commands = new RecordWriter<>(RecordType.MODEL_COMMAND);
        for (ModelCommand command : input.control().accepted()) {
            args.add("--command");
            args.add(new String(commands.write(command), StandardCharsets.UTF_8));
        }
        return args;
    }

    private static String ranges(List<OffsetRange> ranges) {
        // OffsetRange.parse's form; TopicPartition's own toString joins with a dash.
        return ranges.stream()
                .map(
                        r ->
                                r.partition().topic()
                                        + ":"
                                        + r.partition().partition()
                                        + ":"
                                        + r.start()
                                        + "-"
                                        + r.end())
                .collect(Collectors.joining(","));
    }
}
