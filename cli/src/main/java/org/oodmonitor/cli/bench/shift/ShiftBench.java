package org.oodmonitor.cli.bench.shift;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.scoring.InferenceThreads;
import org.oodmonitor.inference.shift.OodRateCusum;
import org.oodmonitor.job.config.ShiftOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.job.operators.ShiftReferences;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.scoring.ScoringPlatform;
import org.oodmonitor.schemas.OodScore;

/**
 * {@code ood-monitor bench shift}: the named shift scenarios through the monitor's own pipeline,
 * then false alarms on in-distribution traffic by resampling; writes a Markdown report and its
 * numbers as JSON.
 */
public final class ShiftBench {

    /** Resampled in-distribution windows for the false window flag rate. */
    static final int SIMULATED_WINDOWS = 20_000;

    /** The simulated CUSUM stops after this many events, alarms or not. */
    static final long SIMULATED_EVENTS = 2_000_000_000L;

    private ShiftBench() {}

    /**
     * @param home where the models, samples and (when fetched) the full data lie
     * @param minutes how long each scenario sends, in event time
     * @param report the Markdown report; the JSON goes beside it
     */
    public static void run(Path home, int minutes, Path report, PrintStream log) throws Exception {
        if (minutes < 3) {
            throw new IllegalArgumentException("--minutes must be at least 3, was " + minutes);
        }
        Path model = home.resolve("models/fashion-mnist-isomax");
        Path full = home.resolve("data/fashion-mnist");
        boolean fetched = Files.exists(full.resolve("t10k-images-idx3-ubyte.gz"));
        Path dir = fetched ? full : home.resolve("samples/fashion-mnist");
        ImageSet test =
                IdxFiles.readImages(
                        dir.resolve("t10k-images-idx3-ubyte.gz"),
                        dir.resolve("t10k-labels-idx1-ubyte.gz"));
        List<ShiftScenario> scenarios = ShiftScenario.all(minutes);
        log.printf(
                "bench shift: %d scenarios x %d min at %d events/s from %d test images (%s)%n",
                scenarios.size(), minutes, ShiftScenario.EVENTS_PER_SECOND, test.count(), dir);
        long started = System.nanoTime();
        ShiftRun run = ShiftRun.run(model, test, scenarios, minutes);
        double pipelineSeconds = (System.nanoTime() - started) / 1e9;
        List<ScenarioResult> results = new ArrayList<>();
        for (ShiftScenario s : scenarios) {
            results.add(ScenarioResult.of(s, run.windows(), run.shifts()));
        }
        ShiftReferences.Served served =
                ShiftReferences.of(ModelSpecs.single("fashion", model))
                        .load()
                        .values()
                        .iterator()
                        .next();
        List<OodScore> pool = run.inDistribution();
        double alpha = ShiftOptions.SHIFT_WINDOW_ALPHA.defaultValue();
        int windowEvents = ShiftRun.WINDOW_SECONDS * ShiftScenario.EVENTS_PER_SECOND;
        Map<String, Integer> perTest = new java.util.TreeMap<>();
        double flags =
                FalseAlarmSimulation.windowFlagsPerThousand(
                        perTest, pool, served, alpha, windowEvents, SIMULATED_WINDOWS, 7);
        double observedRate = pool.stream().filter(OodScore::isOod).count() / (double) pool.size();
        OodRateCusum cusum =
                new OodRateCusum(
                        WindowOptions.EXPECTED_OOD_RATE.defaultValue(),
                        ShiftOptions.SHIFT_RATE_RATIO.defaultValue(),
                        ShiftOptions.SHIFT_EXPECTED_RUN_EVENTS.defaultValue());
        FalseAlarmSimulation.RunLength atExpected =
                FalseAlarmSimulation.runLength(
                        cusum, cusum.p0(), windowEvents, 20, SIMULATED_EVENTS, 11);
        FalseAlarmSimulation.RunLength atObserved =
                FalseAlarmSimulation.runLength(
                        cusum, observedRate, windowEvents, 20, SIMULATED_EVENTS, 13);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("minutes", minutes);
        json.put("test_images", test.count());
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("pipeline_seconds", Math.round(pipelineSeconds));
        json.put("window_alpha", alpha);
        json.put("scenarios", results);
        json.put("simulated_window_flags_per_1000", flags);
        json.put("simulated_window_flags_by_test", perTest);
        json.put("in_distribution_ood_rate", observedRate);
        json.put("cusum_run_length_at_expected_rate", atExpected);
        json.put("cusum_run_length_at_observed_rate", atObserved);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path jsonFile = report.resolveSibling(stem(report) + ".json");
        if (report.toAbsolutePath().getParent() != null) {
            Files.createDirectories(report.toAbsolutePath().getParent());
        }
        Files.write(jsonFile, mapper.writeValueAsBytes(json));
        String markdown =
                ShiftReport.markdown(
                        results,
                        flags,
                        perTest,
                        observedRate,
                        atExpected,
                        atObserved,
                        cusum,
                        minutes,
                        test.count(),
                        pipelineSeconds,
                        ScoringPlatform.current(InferenceThreads.current()).describe());
        Files.writeString(report, markdown);
        log.print(markdown);
        log.println("Report written to " + report + " and " + jsonFile);
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
