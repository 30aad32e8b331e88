package org.oodmonitor.job.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.job.KafkaMonitorJob;
import org.oodmonitor.job.cluster.ClusterJobs;
import org.oodmonitor.job.cluster.JobJar;
import org.oodmonitor.job.config.MonitorOptions;
import org.oodmonitor.job.scoring.ModelLocation;

/** Command line: {@code ood-monitor run}; runs the monitor job against Kafka. */
public final class RunCommand {

    static final String USAGE =
            """
            Usage: ood-monitor run [--config FILE] [--set KEY=VALUE]...
                                   [--cluster URL [--parallelism P] [--from-savepoint PATH] [--jar JAR]]
              Runs the monitor job against a real Kafka: reads image and feature events, writes
              alerts, windowed OOD rates and dead letters (exactly once by default). Without
              --cluster it runs here, in a local Flink environment, until Ctrl-C. With --cluster
              http://HOST:PORT it submits the packaged job jar to that Flink cluster's REST API,
              prints the job id and returns; --parallelism sets the job's parallelism (default 1),
              --from-savepoint starts it from a savepoint or retained checkpoint, --jar names the
              jar (default: the one the build wrote, flink-job/target/ood-flink-job-*-job.jar).
              FILE holds 'key: value' or 'key=value' lines; --set overrides one. Options:
            """;

    private RunCommand() {}

    public static void main(String[] args) throws Exception {
        Path file = null;
        List<String> overrides = new ArrayList<>();
        // What the job jar's own main gets on the cluster: the job options, not the submission's.
        List<String> jobArgs = new ArrayList<>();
        String cluster = null;
        String savepoint = null;
        String jar = null;
        int parallelism = 1;
        Configuration config;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--help", "-h" -> {
                        System.out.print(USAGE + JobConfig.describe());
                        return;
                    }
                    case "--config" -> {
                        file = Path.of(value(args, ++i, "--config"));
                        jobArgs.addAll(List.of("--config", file.toAbsolutePath().toString()));
                    }
                    case "--set" -> {
                        overrides.add(value(args, ++i, "--set"));
                        jobArgs.addAll(List.of("--set", args[i]));
                    }
                    case "--cluster" -> cluster = value(args, ++i, "--cluster");
                    case "--from-savepoint" -> savepoint = value(args, ++i, "--from-savepoint");
                    case "--jar" -> jar = value(args, ++i, "--jar");
                    case "--parallelism" -> parallelism = positive(value(args, ++i, args[i - 1]));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (cluster == null && (savepoint != null || jar != null)) {
                throw new IllegalArgumentException("--from-savepoint and --jar go with --cluster");
            }
            config = JobConfig.load(file, overrides);
            KafkaMonitorJob.settings(config);
            for (String dir : config.get(MonitorOptions.MODELS).values()) {
                // Checked here, at submission, so that a missing or tampered model is a one-line
                // error and not a task that fails in open() and restarts.
                try (ModelLocation location = ModelLocation.of(dir)) {
                    ModelArtifact.readVerified(location.local());
                }
            }
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("ood-monitor run: " + e.getMessage().replace('\n', ' '));
            System.exit(2);
            return;
        }
        if (cluster != null) {
            jobArgs.addAll(
                    List.of(
                            "--set",
                            MonitorOptions.MODELS.key()
                                    + "="
                                    + ClusterJobs.absoluteModelDirs(config)));
            submit(cluster, jar, jobArgs, parallelism, savepoint, config);
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.enableCheckpointing(
                config.get(MonitorOptions.CHECKPOINT_INTERVAL).toMillis(),
                CheckpointingMode.EXACTLY_ONCE);
        KafkaMonitorJob.wire(env, config);
        // The one line a user sees: the logs go to a file (see bin/ood-monitor).
        System.err.printf(
                "ood-monitor run: reading images from '%s' and features from '%s' at %s;"
                        + " alerts to '%s', windows to '%s', dead letters to '%s' (Ctrl-C stops)%n",
                config.get(MonitorOptions.IMAGES_TOPIC),
                config.get(MonitorOptions.FEATURES_TOPIC),
                config.get(MonitorOptions.BOOTSTRAP_SERVERS),
                config.get(MonitorOptions.ALERTS_TOPIC),
                config.get(MonitorOptions.WINDOWS_TOPIC),
                config.get(MonitorOptions.DEAD_LETTER_TOPIC));
        env.execute("ood-monitor");
    }

    private static void submit(
            String cluster,
            String jar,
            List<String> jobArgs,
            int parallelism,
            String savepoint,
            Configuration config) {
        try (ClusterJobs jobs = ClusterJobs.connect(cluster)) {
            JobID id = jobs.submit(JobJar.locate(jar), jobArgs, parallelism, savepoint);
            System.err.printf(
                    "ood-monitor run: submitted to %s with parallelism %d%s; reading '%s' and"
                            + " '%s' at %s%n",
                    cluster,
                    parallelism,
                    savepoint == null ? "" : " from " + savepoint,
                    config.get(MonitorOptions.IMAGES_TOPIC),
                    config.get(MonitorOptions.FEATURES_TOPIC),
                    config.get(MonitorOptions.BOOTSTRAP_SERVERS));
            // The job id alone on standard output, for scripts.
            System.out.println(id);
        } catch (IllegalArgumentException e) {
            System.err.println("ood-monitor run: " + e.getMessage().replace('\n', ' '));
            System.exit(2);
        } catch (Exception e) {
            System.err.println("ood-monitor run: " + e.getMessage().replace('\n', ' '));
            System.exit(1);
        }
    }

    private static int positive(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--parallelism wants a positive integer, not " + text);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
