package org.oodmonitor.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.scoring.InferenceThreads;
import org.oodmonitor.inference.scoring.ThresholdRule;
import org.oodmonitor.job.PipelineSettings;
import org.oodmonitor.job.config.KafkaOptions;
import org.oodmonitor.job.config.KafkaSettings;
import org.oodmonitor.job.config.LabelOptions;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.ScoringOptions;
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.job.control.ControlTopic;
import org.oodmonitor.job.replay.OffsetRange;
import org.oodmonitor.job.replay.ReplayInput;
import org.oodmonitor.job.replay.ReplayJob;
import org.oodmonitor.job.replay.ReplayResult;
import org.oodmonitor.job.replay.ReplayTarget;
import org.oodmonitor.job.scoring.ModelLocation;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.scoring.ScoringPlatform;
import org.oodmonitor.schemas.OodScore;

/**
 * Runs a {@link ReplayRequest} end to end: resolves the offsets, replays (and the what-if variant
 * when asked), writes the output files, the audit report and the comparison.
 */
@PublicEvolving
public final class ReplayRunner {

    /**
     * What a replay did.
     *
     * @param variant the what-if variant's result, or null
     * @param comparison the what-if comparison, or null
     */
    public record Outcome(
            ReplayInput input,
            ReplayResult result,
            AuditReport report,
            ReplayResult variant,
            WhatIfComparison comparison) {}

    private ReplayRunner() {}

    /**
     * @param log where progress and a summary go, or null
     * @throws IllegalArgumentException for unknown topics, partitions or offsets out of the log, or
     *     bad model settings
     * @throws IOException when a model or an output cannot be read or written
     * @throws Exception when the Flink job fails
     */
    public static Outcome run(ReplayRequest request, PrintStream log) throws Exception {
        Configuration config = request.config();
        KafkaSettings kafka = KafkaSettings.from(config);
        Properties clients = kafka.connectionProperties();
        ReplayInput input = resolve(request, clients);
        Map<OffsetRange, Long[]> timestamps = new LinkedHashMap<>();
        try (RangeTimestamps reader = new RangeTimestamps(clients)) {
            input.all().forEach(r -> timestamps.put(r, reader.of(r)));
        }
        if (log != null) {
            log.println(
                    "replay: "
                            + input.all().stream().filter(r -> !r.isEmpty()).count()
                            + " of "
                            + input.all().size()
                            + " partitions hold records, at most "
                            + input.offsets()
                            + " records");
        }
        PipelineSettings settings = PipelineSettings.from(config).forReplay();
        // Read once: the replay, its what-if variant and both reports apply and list these.
        input = input.withControl(ControlTopic.forReplay(kafka, settings.commandCheck()));
        ReplayResult result = replay(config, settings, input, request, request.target(), log);
        LiveComparisons.LiveScores live = live(config, clients, result.scores(), null);
        AuditReport report =
                report(
                        settings,
                        input,
                        timestamps,
                        result,
                        request,
                        request.reportDir(),
                        live == null ? null : live.compareWith(result.scores()));
        ReplayResult variant = null;
        WhatIfComparison comparison = null;
        if (request.whatIf() != null) {
            Configuration variantConfig = request.whatIf().apply(config);
            PipelineSettings variantSettings = PipelineSettings.from(variantConfig).forReplay();
            ReplayTarget variantTarget = request.target().variant();
            ReplayInput variantInput = input.withControl(request.whatIf().control(input.control()));
            variant =
                    replay(
                            variantConfig,
                            variantSettings,
                            variantInput,
                            request,
                            variantTarget,
                            log);
            Path variantReports = request.reportDir().resolve("what-if");
            LiveComparisons.LiveScores variantLive = live(config, clients, variant.scores(), live);
            report(
                    variantSettings,
                    variantInput,
                    timestamps,
                    variant,
                    request,
                    variantReports,
                    variantLive == null ? null : variantLive.compareWith(variant.scores()));
            comparison =
                    WhatIfComparison.of(
                            describe(report.models()),
                            request.whatIf().describe(),
                            result,
                            variant);
            comparison.writeJson(request.reportDir().resolve("what-if.json"));
            WhatIfHtml.write(request.reportDir().resolve("what-if.html"), comparison);
        }
        return new Outcome(input, result, report, variant, comparison);
    }

    private static ReplayInput resolve(ReplayRequest request, Properties clients) {
        try {
            return resolveWithAdmin(request, clients);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    e.getMessage()
                            + " (Kafka at "
                            + clients.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
                            + ")",
                    e);
        }
    }

    private static ReplayInput resolveWithAdmin(ReplayRequest request, Properties clients) {
        try (Admin admin = Admin.create(clients)) {
            OffsetRangeResolver resolver = new OffsetRangeResolver(admin);
            String labels = request.labelsTopic();
            if (request.offsets().isEmpty()) {
                // A label comes after its event, by up to the job's wait.
                long labelsTo =
                        request.to() + request.config().get(LabelOptions.MAX_DELAY).toMillis();
                return new ReplayInput(
                        resolve(resolver, request.imageTopics(), request),
                        resolve(resolver, request.featureTopics(), request),
                        request.from(),
                        request.to(),
                        null,
                        labels.isBlank()
                                ? List.of()
                                : resolver.resolve(List.of(labels), request.from(), labelsTo));
            }
            List<OffsetRange> checked = resolver.check(request.offsets());
            List<OffsetRange> images = new ArrayList<>();
            List<OffsetRange> features = new ArrayList<>();
            List<OffsetRange> labelRanges = new ArrayList<>();
            for (OffsetRange range : checked) {
                String topic = range.partition().topic();
                if (topic.equals(labels)) {
                    labelRanges.add(range);
                } else {
                    (request.imageTopics().contains(topic) ? images : features).add(range);
                }
            }
            return new ReplayInput(images, features, null, null, null, labelRanges);
        }
    }

    private static List<OffsetRange> resolve(
            OffsetRangeResolver resolver, List<String> topics, ReplayRequest request) {
        return topics.isEmpty()
                ? List.of()
                : resolver.resolve(topics, request.from(), request.to());
    }

    private static ReplayResult replay(
            Configuration config,
            PipelineSettings settings,
            ReplayInput input,
            ReplayRequest request,
            ReplayTarget target,
            PrintStream log)
            throws Exception {
        ReplayResult result =
                request.executor() != null
                        ? request.executor().run(config, input, target, request.mode(), log)
                        : ReplayJob.run(config, settings, input, target, request.mode(), log);
        if (!target.isKafka()) {
            ReplayFiles.write(target.directory(), result);
        }
        if (log != null) {
            log.printf(
                    "replay: %d records, %d scored, %d alerts, %d windows (%d flagged), %d dead"
                            + " letters -> %s%n",
                    result.records(),
                    result.scores().size(),
                    result.alerts().size(),
                    result.windows().size(),
                    result.windows().stream().filter(w -> w.flagged()).count(),
                    result.deadLetters().size(),
                    target.isKafka() ? "topics " + target.topic("*") : target.directory());
        }
        return result;
    }

    private static AuditReport report(
            PipelineSettings settings,
            ReplayInput input,
            Map<OffsetRange, Long[]> timestamps,
            ReplayResult result,
            ReplayRequest request,
            Path dir,
            AuditReport.LiveComparison live)
            throws IOException {
        AuditReport report =
                AuditReportBuilder.build(
                        input,
                        timestamps,
                        models(settings.models()),
                        options(settings, request),
                        ScoringPlatform.current(
                                InferenceThreads.resolve(
                                        settings.scoring().inferenceThreads(),
                                        parallelism(request))),
                        result,
                        live,
                        input.control().accepted());
        Files.createDirectories(dir);
        report.writeJson(dir.resolve("audit-report.json"));
        AuditReportHtml.write(dir.resolve("audit-report.html"), report);
        return report;
    }

    /**
     * The live job's scores of {@code scores}' events when their topic is named, else null: {@code
     * earlier} when it looked for all of them, else a new read of the topic.
     *
     * @param clients client settings with the bootstrap servers
     */
    private static LiveComparisons.LiveScores live(
            Configuration config,
            Properties clients,
            List<OodScore> scores,
            LiveComparisons.LiveScores earlier) {
        String topic = config.get(TopicOptions.AUDIT_LIVE_SCORES_TOPIC);
        if (topic == null || topic.isBlank()) {
            return null;
        }
        if (earlier != null && earlier.covers(scores)) {
            return earlier;
        }
        return LiveComparisons.readScores(
                config.get(KafkaOptions.BOOTSTRAP_SERVERS), clients, topic, scores);
    }

    /** The replay job's parallelism, on which an automatic thread count depends. */
    private static int parallelism(ReplayRequest request) {
        return request.executor() != null
                ? request.executor().parallelism()
                : request.config()
                        .getOptional(CoreOptions.DEFAULT_PARALLELISM)
                        .orElse(Runtime.getRuntime().availableProcessors());
    }

    /** Name, version, checksum and threshold of every served model, from its verified files. */
    static List<AuditReport.Model> models(ModelSpecs specs) throws IOException {
        List<AuditReport.Model> models = new ArrayList<>();
        for (var entry : specs.modelDirs().entrySet()) {
            // The same resolution as the job's: a URI (file:, s3:, ...) is read through Flink's
            // file systems, not taken for a local path.
            try (ModelLocation location = ModelLocation.of(entry.getValue())) {
                Path dir = location.local();
                ModelManifest manifest = ModelArtifact.readVerified(dir);
                ThresholdRule rule =
                        ThresholdRule.of(manifest, specs.thresholdOverrides().get(entry.getKey()));
                models.add(
                        new AuditReport.Model(
                                entry.getKey(),
                                manifest.name(),
                                manifest.version(),
                                ModelArtifact.manifestSha256(dir),
                                entry.getValue(),
                                rule.global(),
                                rule.source()));
            }
        }
        return models;
    }

    private static Map<String, String> options(PipelineSettings s, ReplayRequest request) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("execution-mode", request.mode().name().toLowerCase(java.util.Locale.ROOT));
        options.put(WindowOptions.WINDOW_SIZE.key(), s.windows().size().toString());
        options.put(WindowOptions.EXPECTED_OOD_RATE.key(), "" + s.windows().expectedOodRate());
        options.put(
                WindowOptions.FALSE_ALARM_PROBABILITY.key(),
                "" + s.windows().falseAlarmProbability());
        options.put(
                WindowOptions.MAX_OOD_RATE.key(),
                s.windows().maxOodRate() == null ? "(none)" : "" + s.windows().maxOodRate());
        options.put(SourceOptions.OUT_OF_ORDERNESS.key(), s.source().outOfOrderness().toString());
        options.put(SourceOptions.IDLENESS.key(), s.source().idleness().toString());
        options.put(ScoringOptions.BATCH_SIZE.key(), "" + s.scoring().maxBatchSize());
        options.put(ScoringOptions.INFERENCE_THREADS.key(), "" + s.scoring().inferenceThreads());
        options.put(ScoringOptions.FIXED_SHAPE_BATCHES.key(), "" + s.scoring().fixedShapeBatches());
        options.put(ScoringOptions.CLASS_DISTANCES.key(), "" + s.scoring().classDistances());
        options.put(ModelOptions.DEFAULT_MODEL.key(), s.models().defaultModel());
        options.put(ModelOptions.SOURCE_DEFAULT_MODELS.key(), "" + s.models().sourceDefaults());
        options.put("processing-time", s.clock().name().toLowerCase(java.util.Locale.ROOT));
        return options;
    }

    private static String describe(List<AuditReport.Model> models) {
        return models.stream()
                .map(
                        m ->
                                m.servingName()
                                        + " = "
                                        + m.modelName()
                                        + " "
                                        + m.modelVersion()
                                        + " (threshold "
                                        + m.threshold()
                                        + ", "
                                        + m.thresholdSource()
                                        + ")")
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
    }
}
