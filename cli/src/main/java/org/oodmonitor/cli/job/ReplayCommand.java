package org.oodmonitor.cli.job;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.ExceptionUtils;
import org.oodmonitor.audit.ReplayRequest;
import org.oodmonitor.audit.ReplayRunner;
import org.oodmonitor.audit.WhatIf;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.cli.HelpOption;
import org.oodmonitor.cli.JobOptions;
import org.oodmonitor.cli.cluster.ClusterReplay;
import org.oodmonitor.job.PipelineSettings;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.job.replay.OffsetRange;
import org.oodmonitor.job.replay.ReplayTarget;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Command line: {@code ood-monitor replay}; replays a range of the input topics for audits. */
@Command(
        name = "replay",
        header = "Replay a time or offset range of the input topics, with an audit report.",
        description = {
            "Reads the input topics' records in a range through the live job's operators, ends by"
                    + " itself, and writes alerts, windows, scores and dead letters plus an audit"
                    + " report (audit-report.json and audit-report.html). Replays are"
                    + " deterministic: the same range and models give byte-identical files.",
            "Give either --from and --to, or --offsets. With --cluster the replay runs on that"
                    + " Flink cluster with the packaged job jar; it writes to the kafka: target and"
                    + " the report is built from those topics."
        })
public final class ReplayCommand implements Callable<Integer> {

    /** What to read: a time range or explicit offsets, exactly one of them. */
    @ArgGroup(exclusive = true, multiplicity = "1")
    private Range range;

    /** A time range or explicit offsets. */
    static final class Range {

        @ArgGroup(exclusive = false, multiplicity = "1")
        private TimeRange time;

        @Option(
                names = "--offsets",
                required = true,
                paramLabel = "T:P:S-E",
                split = ",",
                converter = ReplayConverters.Offsets.class,
                description =
                        "Offsets [S, E) of partition P of topic T instead of a time range; repeat,"
                                + " or separate with commas.")
        private List<OffsetRange> offsets = new ArrayList<>();
    }

    /** Both ends of a time range. */
    static final class TimeRange {

        @Option(
                names = "--from",
                required = true,
                paramLabel = "TIME",
                converter = ReplayConverters.Time.class,
                description =
                        "Start of the range [from, to) of Kafka record timestamps, ISO-8601"
                                + " (2026-11-22T10:00:00Z) or epoch milliseconds.")
        private Long from;

        @Option(
                names = "--to",
                required = true,
                paramLabel = "TIME",
                converter = ReplayConverters.Time.class,
                description = "End of the range, exclusive.")
        private Long to;
    }

    @Option(
            names = "--topics",
            paramLabel = "LIST",
            description =
                    "Inputs, comma separated: images=TOPIC, features=TOPIC, or a configured input"
                            + " topic's name (default: ood.topics.images and"
                            + " ood.topics.features).")
    private String topics;

    @Option(
            names = "--model",
            paramLabel = "NAME=DIR",
            description =
                    "Serve the model in DIR as NAME as well (repeatable); the first becomes the"
                            + " default model when ood.model.default names none that is served.")
    private Map<String, String> models = new LinkedHashMap<>();

    @Option(
            names = "--what-if",
            paramLabel = "SPEC",
            description =
                    "Replay again with model:NAME=DIR or threshold:NAME=VALUE and compare"
                            + " (what-if.json, what-if.html).")
    private Map<String, String> whatIfSpec = new LinkedHashMap<>();

    @Option(
            names = "--out",
            paramLabel = "TARGET",
            description =
                    "kafka:PREFIX writes topics PREFIX.alerts, .windows, .scores, .dead-letter"
                            + " (exactly once); dir:PATH writes JSON Lines files. Required.",
            converter = ReplayConverters.Target.class)
    private ReplayTarget target;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = "Where the reports go (default: the dir: target, else ./replay-report).")
    private Path report;

    @Option(
            names = "--compare-live",
            paramLabel = "TOPIC",
            description =
                    "The live job's scores topic: the audit report compares the verdicts event by"
                            + " event and names the CPUs the live job scored on"
                            + " (ood.audit.live-scores-topic).")
    private String compareLive;

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            defaultValue = "batch",
            converter = ReplayConverters.Mode.class,
            description = "batch (no event is late) or streaming (default: batch).")
    private RuntimeExecutionMode mode;

    @Mixin private ClusterSubmitOptions where;

    @Option(names = "--quiet", description = "No progress lines.")
    private boolean quiet;

    @Mixin private JobOptions options;

    @Mixin private HelpOption help;

    public static void main(String[] args) {
        // Exits either way: Flink's local environment leaves non-daemon threads behind.
        CommandRunner.exit(new ReplayCommand(), args);
    }

    @Override
    public Integer call() {
        ReplayRequest request;
        try {
            request = request();
            // A missing, tampered or uncalibrated model is a one-line error here, before any
            // Kafka is read or a job built.
            PipelineSettings.validate(request.config());
            if (request.whatIf() != null) {
                PipelineSettings.validate(request.whatIf().apply(request.config()));
            }
            ReplayRunner.run(request, quiet ? null : System.err);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (Exception e) {
            Throwable failure = ExceptionUtils.stripExecutionException(e);
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = failure.getMessage() != null ? failure.getMessage() : "" + root;
            throw new IllegalStateException("the replay failed: " + why, e);
        }
        System.err.println("ood-monitor replay: report in " + request.reportDir());
        return 0;
    }

    /**
     * Parses {@code args} into a request.
     *
     * @throws IllegalArgumentException for a bad option or value
     * @throws IOException when the configuration file cannot be read
     */
    static ReplayRequest parse(String[] args) throws IOException {
        ReplayCommand command = new ReplayCommand();
        try {
            new CommandLine(command).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(CommandRunner.withoutErrorPrefix(e.getMessage()), e);
        }
        return command.request();
    }

    /**
     * The request the options describe.
     *
     * @throws IllegalArgumentException for a bad value
     * @throws IOException when the configuration file cannot be read
     */
    private ReplayRequest request() throws IOException {
        if (whatIfSpec.size() > 1) {
            throw new IllegalArgumentException("--what-if is given once: one variant per replay");
        }
        WhatIf whatIf =
                whatIfSpec.entrySet().stream()
                        .findFirst()
                        .map(e -> WhatIf.of(e.getKey(), e.getValue()))
                        .orElse(null);
        int parallelism = where.parallelism();
        if (target == null) {
            throw new IllegalArgumentException("--out kafka:TOPIC_PREFIX or dir:PATH is required");
        }
        Configuration config = options.config();
        if (compareLive != null) {
            config.set(TopicOptions.AUDIT_LIVE_SCORES_TOPIC, compareLive);
        }
        if (!models.isEmpty()) {
            Map<String, String> served = new LinkedHashMap<>(config.get(ModelOptions.MODELS));
            served.putAll(models);
            config.set(ModelOptions.MODELS, served);
            if (!served.containsKey(config.get(ModelOptions.DEFAULT_MODEL))) {
                config.set(ModelOptions.DEFAULT_MODEL, models.keySet().iterator().next());
            }
        }
        // Progress comes from accumulators, which task managers report with their heartbeats.
        config.set(
                ConfigOptions.key("heartbeat.interval").durationType().noDefaultValue(),
                Duration.ofSeconds(1));
        // Options out of range fail here, before the request is used.
        PipelineSettings.from(config);
        String images = config.get(TopicOptions.IMAGES_TOPIC);
        String features = config.get(TopicOptions.FEATURES_TOPIC);
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
                range.time == null ? null : range.time.from,
                range.time == null ? null : range.time.to,
                range.time == null ? range.offsets : List.of(),
                target,
                reportDir,
                mode,
                whatIf,
                where.cluster == null
                        ? null
                        : new ClusterReplay(where.cluster, where.jar, parallelism));
    }

    /** {@code text} as epoch milliseconds: ISO-8601 with a zone, or the number itself. */
    public static long time(String text, String option) {
        try {
            return ReplayConverters.millis(text);
        } catch (CommandLine.TypeConversionException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }
}
