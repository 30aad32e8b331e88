package org.oodmonitor.job.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.job.KafkaMonitorJob;
import org.oodmonitor.job.config.MonitorOptions;
import org.oodmonitor.job.scoring.ModelLocation;

/** Command line: {@code ood-monitor run}; runs the monitor job against Kafka. */
public final class RunCommand {

    static final String USAGE =
            """
            Usage: ood-monitor run [--config FILE] [--set KEY=VALUE]...
              Runs the monitor job against a real Kafka: reads image and feature events, writes
              alerts, windowed OOD rates and dead letters (exactly once by default). Run from the
              command line it starts a local Flink environment; submitted to a cluster with
              'flink run' it runs there. FILE holds 'key: value' or 'key=value' lines; --set
              overrides one. Options:
            """;

    private RunCommand() {}

    public static void main(String[] args) throws Exception {
        Path file = null;
        List<String> overrides = new ArrayList<>();
        Configuration config;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--help", "-h" -> {
                        System.out.print(USAGE + JobConfig.describe());
                        return;
                    }
                    case "--config" -> file = Path.of(value(args, ++i, "--config"));
                    case "--set" -> overrides.add(value(args, ++i, "--set"));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
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

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
