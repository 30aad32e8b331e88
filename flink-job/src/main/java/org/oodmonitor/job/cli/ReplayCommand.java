package org.oodmonitor.job.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.ExceptionUtils;
import org.oodmonitor.job.KafkaMonitorJob;
import org.oodmonitor.job.config.MonitorOptions;
import org.oodmonitor.job.replay.ClusterReplay;
import org.oodmonitor.job.replay.OffsetRange;
import org.oodmonitor.job.replay.ReplayRequest;
import org.oodmonitor.job.replay.ReplayRunner;
import org.oodmonitor.job.replay.ReplayTarget;
import org.oodmonitor.job.replay.WhatIf;

/** Command line: {@code ood-monitor replay}; replays a range of the input topics for audits. */
public final class ReplayCommand {

    static final String USAGE =
            """
            Usage: ood-monitor replay (--from TIME --to TIME | --offsets TOPIC:PARTITION:START-END)
                                      --out kafka:TOPIC_PREFIX|dir:PATH [options]
              Reads the input topics' records in a range through the live job's operators, ends
              by itself, and writes alerts, windows, scores and dead letters plus an audit report
              (audit-report.json and audit-report.html). Replays are deterministic: the same range
              and models give byte-identical files.
              --from TIME, --to TIME  the range [from, to) of Kafka record timestamps, ISO-8601
                                      (2026-11-22T10:00:00Z) or epoch milliseconds
              --offsets T:P:S-E       offsets [S, E) of partition P of topic T instead of a time
                                      range; repeat, or separate with commas
              --topics LIST           inputs, comma separated: images=TOPIC, features=TOPIC, or a
                                      configured input topic's name (default: ood.topics.images
                                      and ood.topics.features)
              --model NAME=DIR        serve the model in DIR as NAME as well (repeatable); the
                                      first one becomes the default model when
                                      ood.model.default names none that is served
              --what-if SPEC          replay again with model:NAME=DIR or threshold:NAME=VALUE
                                      and compare (what-if.json, what-if.html)
              --out TARGET            kafka:PREFIX writes topics PREFIX.alerts, .windows, .scores,
                                      .dead-letter (exactly once); dir:PATH writes JSON Lines files
              --report DIR            where the reports go (default: the dir: target, else
                                      ./replay-report)
              --mode batch|streaming  Flink execution mode (default batch: no event is late)
              --cluster URL           run the replay on the Flink cluster whose REST API is at URL
                                      (http://HOST:PORT) with the packaged job jar; it writes to
                                      the kafka: target, and the report is built from those topics
              --parallelism P         the cluster replay's parallelism (default 1)
              --jar JAR               the job jar (default: flink-job/target/ood-flink-job-*-job.jar)
              --quiet                 no progress lines
              --config FILE, --set KEY=VALUE   the monitor's options, as for 'run' (run --help)
            """;

    private ReplayCommand() {}

    public static void main(String[] args) {
        ReplayRequest request;
        try {
            request = parse(args);
        } catch (HelpRequested e) {
            System.out.print(USAGE);
            return;
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("ood-monitor replay: " + oneLine(e.getMessage()));
            System.exit(2);
            return;
        }
        try {
            boolean quiet = List.of(args).contains("--quiet");
            ReplayRunner.run(request, quiet ? null : System.err);
            System.err.println("ood-monitor replay: report in " + request.reportDir());
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("ood-monitor replay: " + oneLine(e.getMessage()));
            System.exit(2);
        } catch (Exception e) {
            Throwable failure = ExceptionUtils.stripExecutionException(e);
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = failure.getMessage() != null ? failure.getMessage() : "" + root;
            System.err.println("ood-monitor replay: the replay failed: " + oneLine(why));
            System.exit(1);
        }
        // Flink's local environment leaves non-daemon threads behind.
        System.exit(0);
    }

    /**
     * @throws IllegalArgumentException for a bad option or value
     * @throws IOException when the configuration file cannot be read
     */
    static ReplayRequest parse(String[] args) throws IOException {
        Path file = null;
        List<String> overrides = new ArrayList<>();
        Long from = null;
        Long to = null;
        List<OffsetRange> offsets = new ArrayList<>();
        String topics = null;
        Map<String, String> models = new LinkedHashMap<>();
        WhatIf whatIf = null;
        ReplayTarget target = null;
        Path report = null;
        RuntimeExecutionMode mode = RuntimeExecutionMode.BATCH;
        String cluster = null;
        String jar = null;
        int parallelism = 1;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--help", "-h" -> throw new HelpRequested();
                case "--quiet" -> {
                    // read by main
                }
                case "--config" -> file = Path.of(value(args, ++i, option));
                case "--set" -> overrides.add(value(args, ++i, option));
                case "--from" -> from = time(value(args, ++i, option), option);
                case "--to" -> to = time(value(args, ++i, option), option);
                case "--offsets" -> {
                    for (String part : value(args, ++i, option).split(",")) {
                        offsets.add(OffsetRange.parse(part.strip()));
                    }
                }
                case "--topics" -> topics = value(args, ++i, option);
                case "--model" -> {
                    String pair = value(args, ++i, option);
                    int eq = pair.indexOf('=');
                    if (eq <= 0 || eq == pair.length() - 1) {
                        throw new IllegalArgumentException(
                                "--model must be NAME=DIR, was '" + pair + "'");
                    }
                    models.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                case "--what-if" -> whatIf = WhatIf.parse(value(args, ++i, option));
                case "--out" -> target = ReplayTarget.parse(value(args, ++i, option));
                case "--report" -> report = Path.of(value(args, ++i, option));
                case "--mode" -> mode = mode(value(args, ++i, option));
                case "--cluster" -> cluster = value(args, ++i, option);
                case "--jar" -> jar = value(args, ++i, option);
                case "--parallelism" -> {
                    String n = value(args, ++i, option);
                    if (!n.matches("[1-9]\\d{0,4}")) {
                        throw new IllegalArgumentException(
                                "--parallelism wants a positive integer, not " + n);
                    }
                    parallelism = Integer.parseInt(n);
                }
                default ->
                        throw new IllegalArgumentException(
                                "unknown option " + option + " (see --help)");
            }
        }
        if (target == null) {
            throw new IllegalArgumentException("--out kafka:TOPIC_PREFIX or dir:PATH is required");
        }
        Configuration config = JobConfig.load(file, overrides);
        if (!models.isEmpty()) {
            Map<String, String> served = new LinkedHashMap<>(config.get(MonitorOptions.MODELS));
            served.putAll(models);
            config.set(MonitorOptions.MODELS, served);
            if (!served.containsKey(config.get(MonitorOptions.DEFAULT_MODEL))) {
                config.set(MonitorOptions.DEFAULT_MODEL, models.keySet().iterator().next());
            }
        }
        // Progress comes from accumulators, which task managers report with their heartbeats.
        config.set(
                ConfigOptions.key("heartbeat.interval").durationType().noDefaultValue(),
                Duration.ofSeconds(1));
        KafkaMonitorJob.settings(config);
        String images = config.get(MonitorOptions.IMAGES_TOPIC);
        String features = config.get(MonitorOptions.FEATURES_TOPIC);
        List<String> imageTopics = new ArrayList<>();
        List<String> featureTopics = new ArrayList<>();
        if (topics == null) {
            if (!images.isBlank()) {
                imageTopics.add(images);
            }
            if (!features.isBlank()) {
                featureTopics.add(features);
            }
        } else {
            for (String item : topics.split(",")) {
                String t = item.strip();
                if (t.startsWith("images=")) {
                    imageTopics.add(t.substring("images=".length()));
                } else if (t.startsWith("features=")) {
                    featureTopics.add(t.substring("features=".length()));
                } else if (t.equals(images)) {
                    imageTopics.add(t);
                } else if (t.equals(features)) {
                    featureTopics.add(t);
                } else {
                    throw new IllegalArgumentException(
                            "--topics: say images="
                                    + t
                                    + " or features="
                                    + t
                                    + "; only the configured input topics may go without");
                }
            }
        }
        Path reportDir =
                report != null
                        ? report
                        : target.isKafka() ? Path.of("replay-report") : target.directory();
        return new ReplayRequest(
                config,
                imageTopics,
                featureTopics,
                from,
                to,
                offsets,
                target,
                reportDir,
                mode,
                whatIf,
                cluster == null ? null : new ClusterReplay(cluster, jar, parallelism));
    }

    static long time(String text, String option) {
        if (text.matches("-?\\d+")) {
            return Long.parseLong(text);
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException(
                        option
                                + ": '"
                                + text
                                + "' is neither ISO-8601 with a zone (2026-11-22T10:00:00Z)"
                                + " nor epoch milliseconds");
            }
        }
    }

    private static RuntimeExecutionMode mode(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "batch" -> RuntimeExecutionMode.BATCH;
            case "streaming" -> RuntimeExecutionMode.STREAMING;
            default ->
                    throw new IllegalArgumentException(
                            "--mode must be batch or streaming, was '" + text + "'");
        };
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static String oneLine(String message) {
        return String.valueOf(message).replace('\n', ' ');
    }

    /** Thrown by {@link #parse} for {@code --help}. */
    private static final class HelpRequested extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
    }
}
