package org.oodmonitor.cli.job;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.cli.HelpOption;
import org.oodmonitor.cli.JobOptions;
import org.oodmonitor.cli.cluster.ClusterJobs;
import org.oodmonitor.cli.cluster.JobJar;
import org.oodmonitor.job.KafkaMonitorJob;
import org.oodmonitor.job.MonitorJobMain;
import org.oodmonitor.job.PipelineSettings;
import org.oodmonitor.job.config.JobConfig;
import org.oodmonitor.job.config.KafkaOptions;
import org.oodmonitor.job.config.KafkaSettings;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.job.control.ControlTopic;
import org.oodmonitor.job.sink.OutputTopics;
import org.oodmonitor.job.source.InputTopicCompression;
import org.oodmonitor.schemas.text.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Command line: {@code ood-monitor run}; runs the monitor job against Kafka, here or on a cluster.
 * On a cluster the job jar's own main, {@link MonitorJobMain}, takes the same job options.
 */
@Command(
        name = "run",
        header = "Run the monitor job against a real Kafka, here or on a Flink cluster.",
        description = {
            "Runs the monitor job against a real Kafka: reads image and feature events, writes"
                    + " alerts, windowed OOD rates and dead letters (exactly once by default).",
            "Without --cluster it runs here, in a local Flink environment, until Ctrl-C. With"
                    + " --cluster it submits the packaged job jar to that Flink cluster's REST API,"
                    + " prints the job id and returns."
        },
        footerHeading =
                "%nJob options (--set KEY=VALUE, or 'key: value' lines in --config FILE):%n")
public final class RunCommand implements Callable<Integer>, CommandRunner.WithFooter {

    @Mixin private JobOptions options;

    @Mixin private ClusterSubmitOptions where;

    @Option(
            names = "--from-savepoint",
            paramLabel = "PATH",
            description = "With --cluster: start from this savepoint or retained checkpoint.")
    private String savepoint;

    @Mixin private HelpOption help;

    @Spec private CommandSpec spec;

    @Override
    public String footer() {
        return JobConfig.describe();
    }

    @Override
    public Integer call() throws Exception {
        where.parallelism();
        if (where.cluster == null && (savepoint != null || where.jar != null)) {
            throw new IllegalArgumentException("--from-savepoint and --jar go with --cluster");
        }
        Configuration config = options.config();
        // Checked here, at submission, so that a missing, tampered or uncalibrated model is a
        // one-line error and not a task that fails in open() and restarts.
        PipelineSettings settings = PipelineSettings.validate(config);
        KafkaSettings kafka = KafkaSettings.from(config);
        List<String> missing = OutputTopics.missing(kafka);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    "output topic(s) "
                            + String.join(", ", missing)
                            + " do not exist: create them (deploy/kubernetes/kafka-topics.yaml"
                            + " lists every topic) or, for scores, shift alerts, control statuses"
                            + " and shadow scores, set the topic option empty");
        }
        ControlTopic.Read control = null;
        if (kafka.topics().controlled()) {
            // A missing or partitioned control topic is a one-line error here, not a job that
            // fails to start on a cluster; a local job starts from this read.
            control = ControlTopic.read(kafka, settings.commandCheck());
        }
        warnOfUnguardedInputs(kafka);
        if (where.cluster != null) {
            return submit(config);
        }
        // The one line a user sees: the logs go to a file (see bin/ood-monitor).
        spec.commandLine()
                .getErr()
                .printf(
                        "ood-monitor run: reading images from '%s' and features from '%s' at %s;"
                                + " alerts to '%s', windows to '%s', dead letters to '%s'"
                                + " (Ctrl-C stops)%n",
                        kafka.topics().images(),
                        kafka.topics().features(),
                        kafka.bootstrapServers(),
                        kafka.topics().alerts(),
                        kafka.topics().windows(),
                        kafka.topics().deadLetters());
        KafkaMonitorJob.execute(config, control);
        return 0;
    }

    /** One warning line per input topic that lets a compression bomb reach the job. */
    private void warnOfUnguardedInputs(KafkaSettings kafka) {
        List<String> inputs = new ArrayList<>();
        inputs.addAll(InputTopicCompression.named(kafka.topics().images()));
        inputs.addAll(InputTopicCompression.named(kafka.topics().features()));
        for (String topic :
                InputTopicCompression.unguarded(
                        kafka.bootstrapServers(), kafka.clientProperties(), inputs)) {
            spec.commandLine()
                    .getErr()
                    .printf(
                            "ood-monitor run: warning: input topic '%s' has"
                                    + " compression.type=producer, so a small compressed record"
                                    + " can inflate to any size in the job's consumer; set"
                                    + " compression.type=uncompressed on it (see flink-job/README,"
                                    + " 'Compression bombs')%n",
                            Printable.of(topic));
        }
    }

    private int submit(Configuration config) throws Exception {
        // What the job jar's own main gets: the job options, not the submission's.
        List<String> jobArgs = new ArrayList<>();
        if (options.file() != null) {
            jobArgs.addAll(List.of("--config", options.file().toAbsolutePath().toString()));
        }
        options.overrides().forEach((k, v) -> jobArgs.addAll(List.of("--set", k + "=" + v)));
        jobArgs.addAll(
                List.of(
                        "--set",
                        ModelOptions.MODELS.key() + "=" + ClusterJobs.absoluteModelDirs(config)));
        try (ClusterJobs jobs = ClusterJobs.connect(where.cluster)) {
            int parallelism = where.parallelism();
            JobID id = jobs.submit(JobJar.locate(where.jar), jobArgs, parallelism, savepoint);
            PrintWriter err = spec.commandLine().getErr();
            err.printf(
                    "ood-monitor run: submitted to %s with parallelism %d%s; reading '%s' and"
                            + " '%s' at %s%n",
                    where.cluster,
                    parallelism,
                    savepoint == null ? "" : " from " + savepoint,
                    config.get(TopicOptions.IMAGES_TOPIC),
                    config.get(TopicOptions.FEATURES_TOPIC),
                    config.get(KafkaOptions.BOOTSTRAP_SERVERS));
            // The job id alone on standard output, for scripts.
            spec.commandLine().getOut().println(id);
        }
        return 0;
    }
}
