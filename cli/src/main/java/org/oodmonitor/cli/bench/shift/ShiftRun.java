package org.oodmonitor.cli.bench.shift;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.job.OodMonitorPipeline;
import org.oodmonitor.job.PipelineSettings;
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.job.source.KafkaSources;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.ShiftAlert;

/**
 * Runs the benchmark's traffic through the monitor's own pipeline (the job's operators on a local
 * Flink cluster, bounded input, the model's served settings but for {@value #WINDOW_SECONDS} s
 * windows) and brings back its windows, shift alerts and the scores of the unchanged scenario.
 *
 * @param windows every window of every scenario
 * @param shifts every shift alert
 * @param inDistribution the scores of the {@code in-distribution} scenario
 */
record ShiftRun(
        List<OodRateWindow> windows, List<ShiftAlert> shifts, List<OodScore> inDistribution) {

    /** The window size of the benchmark, as in the measurements. */
    static final int WINDOW_SECONDS = 5;

    static ShiftRun run(Path model, ImageSet test, List<ShiftScenario> scenarios, int minutes)
            throws Exception {
        ScenarioTraffic traffic = new ScenarioTraffic(scenarios, minutes * 60, test);
        Configuration options = new Configuration();
        options.set(WindowOptions.WINDOW_SIZE, Duration.ofSeconds(WINDOW_SECONDS));
        // The traffic is dated 2026-01-01 whenever the benchmark runs.
        options.set(SourceOptions.EVENT_TIME_MAX_FUTURE, Duration.ofDays(365_000));
        options.set(SourceOptions.EVENT_TIME_MAX_AGE, Duration.ZERO);
        PipelineSettings settings =
                PipelineSettings.from(options, ModelSpecs.single("fashion", model));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<RawRecord> raw =
                env.fromSequence(0, traffic.events() - 1)
                        .setParallelism(1)
                        .map(traffic)
                        .returns(TypeInformation.of(RawRecord.class))
                        .setParallelism(1);
        OodMonitorPipeline.Outputs out =
                OodMonitorPipeline.build(
                        KafkaSources.parsed(raw, settings.parser(true), settings.watermarks()),
                        null,
                        settings);
        DataStream.Collector<OodRateWindow> windows = new DataStream.Collector<>();
        DataStream.Collector<ShiftAlert> shifts = new DataStream.Collector<>();
        DataStream.Collector<OodScore> scores = new DataStream.Collector<>();
        out.windows().collectAsync(windows);
        out.shifts().collectAsync(shifts);
        out.scores()
                .map(ScoredEvent::score, TypeInformation.of(OodScore.class))
                .filter(s -> s.source().equals("in-distribution"))
                .collectAsync(scores);
        JobClient job = env.executeAsync("shift-bench");
        // Each collect sink waits for its reader: drained side by side.
        ExecutorService readers = Executors.newFixedThreadPool(3);
        try {
            CompletableFuture<List<OodRateWindow>> w = drain(windows, readers);
            CompletableFuture<List<ShiftAlert>> a = drain(shifts, readers);
            CompletableFuture<List<OodScore>> s = drain(scores, readers);
            job.getJobExecutionResult().get();
            return new ShiftRun(w.get(), a.get(), s.get());
        } finally {
            readers.shutdownNow();
        }
    }

    private static <T> CompletableFuture<List<T>> drain(
            DataStream.Collector<T> collector, ExecutorService readers) {
        return CompletableFuture.supplyAsync(
                () -> {
                    List<T> values = new ArrayList<>();
                    collector.getOutput().forEachRemaining(values::add);
                    return values;
                },
                readers);
    }
}
