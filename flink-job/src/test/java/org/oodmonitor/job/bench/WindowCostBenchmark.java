package org.oodmonitor.job.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.oodmonitor.job.operators.ShiftReferences;
import org.oodmonitor.job.operators.ShiftSettings;
import org.oodmonitor.job.operators.TumblingOodRateFunction;
import org.oodmonitor.job.operators.WindowSettings;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;

/**
 * The CPU time per score of the window operator alone, on one thread, in Flink's operator harness
 * with the heap state backend: scores of the committed model from 100 sources with every shift
 * statistic, 1-second windows, a watermark per window. Prints one Markdown row; best of the rounds.
 * Run by {@code scripts/flink-job-benchmark.sh org.oodmonitor.job.bench.WindowCostBenchmark
 * [ROUNDS]}; not a test.
 */
public final class WindowCostBenchmark {

    private static final int SCORES = 200_000;
    private static final int SOURCES = 100;
    private static final long WINDOW_MS = 1_000;

    private WindowCostBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        ModelSpecs models = ModelSpecs.single("fashion", Path.of("../models/fashion-mnist-isomax"));
        ShiftReferences references = ShiftReferences.of(models);
        var served = references.load().values().iterator().next();
        List<ScoredEvent> scores =
                scores(served.checksum(), served.reference().statistics().keySet());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        long windows = 0;
        for (int r = 0; r < rounds; r++) {
            long cpu = threads.getCurrentThreadCpuTime();
            windows = run(function(references), scores);
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - cpu) / (double) SCORES);
        }
        System.out.printf(
                Locale.ROOT,
                "| window operator (%s), %d scores, %d sources, %d windows | %.0f ns CPU per score"
                        + " |%n",
                function(references).getClass().getSimpleName(),
                SCORES,
                SOURCES,
                windows,
                best);
    }

    /** The window function under test, with the job's default settings but 1-second windows. */
    static KeyedProcessFunction<String, ScoredEvent, OodRateWindow> function(
            ShiftReferences references) {
        return new TumblingOodRateFunction(
                new WindowSettings(
                        Duration.ofMillis(WINDOW_MS),
                        0.05,
                        0.001,
                        null,
                        10_000,
                        new ShiftSettings(0.001, 1_000_000, 1.2, references)));
    }

    private static long run(
            KeyedProcessFunction<String, ScoredEvent, OodRateWindow> function,
            List<ScoredEvent> scores)
            throws Exception {
        try (var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function),
                        e ->
                                e.score().source()
                                        + "|"
                                        + e.score().modelName()
                                        + "|"
                                        + e.score().modelVersion(),
                        Types.STRING)) {
            harness.open();
            long nextWatermark = WINDOW_MS - 1;
            for (ScoredEvent event : scores) {
                if (event.score().eventTime() > nextWatermark) {
                    harness.processWatermark(new Watermark(nextWatermark));
                    nextWatermark += WINDOW_MS;
                }
                harness.processElement(event, event.score().eventTime());
            }
            harness.processWatermark(new Watermark(Long.MAX_VALUE));
            return harness.extractOutputValues().size();
        }
    }

    private static List<ScoredEvent> scores(String checksum, java.util.Set<String> statistics) {
        SplittableRandom random = new SplittableRandom(7);
        List<ScoredEvent> scores = new ArrayList<>(SCORES);
        for (int i = 0; i < SCORES; i++) {
            double score = -1 - random.nextDouble();
            Map<String, Double> values = new java.util.TreeMap<>();
            for (String statistic : statistics) {
                values.put(statistic, random.nextDouble());
            }
            long time = i / 20L; // 20 scores per millisecond: 20,000 per window
            int predicted = random.nextInt(10);
            scores.add(
                    ScoredEvent.of(
                            new OodScore(
                                    OodScore.VERSION,
                                    "e" + i,
                                    "camera-" + (i % SOURCES),
                                    time,
                                    "fashion",
                                    "1.0.0",
                                    checksum,
                                    predicted,
                                    "class-" + predicted,
                                    -score,
                                    score,
                                    -1.6,
                                    score < -1.6,
                                    null,
                                    time,
                                    null,
                                    null,
                                    null,
                                    null,
                                    values)));
        }
        return scores;
    }
}
