package org.oodmonitor.job.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.detector.InputStatistics;
import org.oodmonitor.inference.preprocess.InputException;
import org.oodmonitor.inference.scoring.Verdict;
import org.oodmonitor.job.scoring.ModelRegistry;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.scoring.ScoreBuilder;
import org.oodmonitor.job.scoring.ServedModel;
import org.oodmonitor.job.serialization.JsonRecordSerializationSchema;
import org.oodmonitor.job.source.EventParser;
import org.oodmonitor.job.source.EventTimeGuard;
import org.oodmonitor.job.source.MonitorEvent;
import org.oodmonitor.job.source.ParsedRecord;
import org.oodmonitor.job.source.ProcessingClock;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.ImageEvent;
import org.oodmonitor.schemas.ImagePayload;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * What each per-event step of the scoring chain costs on its own, on one thread, for raw
 * Fashion-MNIST image events: parsing and validating the JSON, preprocessing, the input statistics,
 * the forward pass (per event, in batches of 64), the verdict and the output JSON. Prints one
 * Markdown table row per step. Run by {@code scripts/bench-steps.sh}; not a test.
 */
public final class StepCostBenchmark {

    private static final int BATCH = 64;

    private StepCostBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        ImageSet images =
                IdxFiles.readImages(
                        Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"), null);
        int n = images.count() / BATCH * BATCH;
        RecordWriter<ImageEvent> writer = new RecordWriter<>(RecordType.IMAGE_EVENT);
        List<RawRecord> raw = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] pixels = Arrays.copyOfRange(images.pixels(), i * 784, (i + 1) * 784);
            byte[] json =
                    writer.write(
                            ImageEvent.of(
                                    "e" + i,
                                    "camera-1",
                                    null,
                                    System.currentTimeMillis(),
                                    ImagePayload.raw(pixels, 28, 28, 1),
                                    null));
            raw.add(new RawRecord("images", 0, i, System.currentTimeMillis(), null, json));
        }
        EventParser parser =
                new EventParser(
                        true,
                        ValidationLimits.defaults(),
                        EventTimeGuard.defaults(),
                        ProcessingClock.WALL_CLOCK);
        List<MonitorEvent> events = raw.stream().map(r -> parser.parse(r).event()).toList();
        JsonRecordSerializationSchema<OodScore> out =
                new JsonRecordSerializationSchema<>(RecordType.OOD_SCORE);
        try (ModelRegistry registry =
                ModelSpecs.single("fashion", Path.of("../models/fashion-mnist-isomax")).open()) {
            ServedModel served = registry.resolve("fashion").orElseThrow();
            int size = served.model().preprocessor().size();
            float[] inputs = new float[BATCH * size];
            float[][][] logits = new float[n / BATCH][][];
            double[][] stats = new double[n][];
            List<OodScore> scores = new ArrayList<>();
            long[] sink = new long[1];
            System.out.println("| step (one thread, " + n + " events) | µs per event |");
            System.out.println("|---|---|");
            EventParser validatorOnly = parser.validatorOnly();
            time(
                    "parse and validate the JSON, schema validator (EventParser.validatorOnly)",
                    rounds,
                    n,
                    i -> {
                        ParsedRecord p = validatorOnly.parse(raw.get(i));
                        sink[0] += p.isEvent() ? 1 : 0;
                    });
            time(
                    "parse and validate the JSON, fast path (EventParser)",
                    rounds,
                    n,
                    i -> {
                        ParsedRecord p = parser.parse(raw.get(i));
                        sink[0] += p.isEvent() ? 1 : 0;
                    });
            time(
                    "preprocess (decode, normalise; ServedModel.input)",
                    rounds,
                    n,
                    i -> {
                        try {
                            stats[i] = served.input(events.get(i)).stats();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            time(
                    "input statistics alone (InputStatistics.of)",
                    rounds,
                    n,
                    i -> {
                        sink[0] +=
                                (long)
                                        InputStatistics.of(
                                                ((org.oodmonitor.inference.scoring.EventInput.Image)
                                                                events.get(i).input())
                                                        .data(),
                                                0,
                                                28,
                                                28)[0];
                    });
            time(
                    "forward pass, batches of 64 (OodModel.logits)",
                    rounds,
                    n / BATCH,
                    b -> {
                        logits[b] = served.model().logits(inputs, BATCH);
                    },
                    BATCH);
            time(
                    "verdict and score record (VerdictFunction, ScoreBuilder)",
                    rounds,
                    n,
                    i -> {
                        float[] l = logits[i / BATCH][i % BATCH];
                        try {
                            Verdict v = served.verdicts().apply(l, stats[i]);
                            OodScore s =
                                    ScoreBuilder.of(events.get(i), v, l, served.model(), true, 0L);
                            if (scores.size() < n) {
                                scores.add(s);
                            }
                        } catch (InputException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            time(
                    "output JSON of the score (JsonRecordSerializationSchema)",
                    rounds,
                    n,
                    i -> {
                        sink[0] += out.serialize(scores.get(i)).length;
                    });
            if (sink[0] == Long.MIN_VALUE) {
                // Never true; keeps the results alive, so the JIT cannot drop the work.
                System.out.println(sink[0]);
            }
        }
    }

    private static void time(String name, int rounds, int count, IntConsumer step) {
        time(name, rounds, count, step, 1);
    }

    /** Best of {@code rounds} passes over {@code count} calls, per event. */
    private static void time(
            String name, int rounds, int count, IntConsumer step, int eventsPerCall) {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                step.accept(i);
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e3 / count / eventsPerCall);
        }
        System.out.printf(Locale.ROOT, "| %s | %.1f |%n", name, best);
    }
}
