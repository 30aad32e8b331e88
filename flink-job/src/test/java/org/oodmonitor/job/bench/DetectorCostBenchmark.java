package org.oodmonitor.job.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.scoring.Verdict;
import org.oodmonitor.job.scoring.ModelRegistry;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.scoring.ScoreBuilder;
import org.oodmonitor.job.scoring.ServedModel;
import org.oodmonitor.job.source.MonitorEvent;
import org.oodmonitor.job.source.RawRecord;

/**
 * What the alert detector costs on the job's scoring path, measured in one run against the same
 * path deciding on the minimum distance score alone (a threshold override switches the detector
 * off): per batch of 64 raw image events, preprocessing, one forward pass, verdicts and output
 * records, as {@code BatchScoringOperator} does them. Prints one Markdown table row per variant.
 * Run by {@code scripts/bench-detector.sh}; not a test.
 */
public final class DetectorCostBenchmark {

    private static final int BATCH = 64;
    private static final int PASSES = 5;

    private DetectorCostBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path model = Path.of("../models/fashion-mnist-isomax");
        ImageSet images =
                IdxFiles.readImages(
                        Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"), null);
        List<MonitorEvent> events = new ArrayList<>();
        for (int i = 0; i < images.count(); i++) {
            byte[] pixels = java.util.Arrays.copyOfRange(images.pixels(), i * 784, (i + 1) * 784);
            events.add(
                    new MonitorEvent(
                            "e" + i,
                            "camera-1",
                            null,
                            i,
                            new org.oodmonitor.inference.scoring.EventInput.Image(
                                    "raw", pixels, 28, 28, 1),
                            null,
                            RawRecord.of("images", i, new byte[0])));
        }
        ModelSpecs detector = ModelSpecs.single("fashion", model);
        ModelSpecs mdsOnly =
                new ModelSpecs(
                        Map.of("fashion", model.toString()),
                        "fashion",
                        Map.of("fashion", -2.1207),
                        Map.of());
        System.out.println("| variant | events/s (best of " + rounds + " rounds) | µs per event |");
        System.out.println("|---|---|---|");
        double[] rates = new double[2];
        // Interleaved rounds, so that drift of the machine hits both variants alike.
        try (ModelRegistry a = detector.open();
                ModelRegistry b = mdsOnly.open()) {
            for (int r = 0; r < rounds; r++) {
                // Alternate which variant goes first, so neither always runs on a warmer machine.
                if (r % 2 == 0) {
                    rates[0] = Math.max(rates[0], rate(a.resolve("fashion").orElseThrow(), events));
                    rates[1] = Math.max(rates[1], rate(b.resolve("fashion").orElseThrow(), events));
                } else {
                    rates[1] = Math.max(rates[1], rate(b.resolve("fashion").orElseThrow(), events));
                    rates[0] = Math.max(rates[0], rate(a.resolve("fashion").orElseThrow(), events));
                }
            }
        }
        row("minimum distance score only", rates[1]);
        row("alert detector (entropic + pixel statistics)", rates[0]);
        System.out.printf(
                Locale.ROOT,
                "%nDetector cost: %.1f%% of throughput%n",
                100 * (1 - rates[0] / rates[1]));
    }

    private static void row(String name, double rate) {
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.1f |%n", name, rate, 1e6 / rate);
    }

    /** Events per second through preprocessing, inference, verdicts and output records. */
    private static double rate(ServedModel served, List<MonitorEvent> events) throws Exception {
        int size = served.model().preprocessor().size();
        long start = System.nanoTime();
        long sink = 0;
        for (int pass = 0; pass < PASSES; pass++) {
            for (int from = 0; from + BATCH <= events.size(); from += BATCH) {
                float[] inputs = new float[BATCH * size];
                double[][] stats = new double[BATCH][];
                for (int i = 0; i < BATCH; i++) {
                    org.oodmonitor.inference.scoring.PreparedInput input =
                            served.input(events.get(from + i));
                    System.arraycopy(input.values(), 0, inputs, i * size, size);
                    stats[i] = input.stats();
                }
                float[][] logits = served.model().logits(inputs, BATCH);
                for (int i = 0; i < BATCH; i++) {
                    Verdict v = served.verdicts().apply(logits[i], stats[i]);
                    sink +=
                            ScoreBuilder.of(
                                            events.get(from + i),
                                            v,
                                            logits[i],
                                            served.model(),
                                            false,
                                            0)
                                    .predictedClass();
                }
            }
        }
        long n = (long) PASSES * (events.size() / BATCH * BATCH);
        if (sink < 0) {
            throw new IllegalStateException();
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }
}
