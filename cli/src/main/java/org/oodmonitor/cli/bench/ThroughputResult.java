package org.oodmonitor.cli.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * What one throughput and latency run of {@code bench} measured, written as JSON with snake_case
 * keys and printed as Markdown tables.
 *
 * @param events events pre-loaded for the throughput runs
 * @param kind images or features
 * @param cores the processors the JVM saw
 * @param settings the job options given with {@code --set}
 * @param model the user's model directory, or null for the committed one
 * @param traffic the image files of the user's model's events, or null
 * @param forward the model's bare forward rates
 * @param brokerJvm how the broker's JVM ran
 * @param passThroughEventsPerS the pass-through job's rate
 * @param monitorEventsPerS the monitor job's steady-state rate
 * @param latencyOfferedEventsPerS the offered rate of the latency run
 * @param latency read_committed scores, read_uncommitted scores, at-least-once alerts, and the
 *     scores' own processing times
 * @param plainJavaAtLeastOnceEventsPerS the plain-Java loop's rate, at least once
 * @param plainJavaTransactionalEventsPerS the plain-Java loop's rate, transactional
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record ThroughputResult(
        int events,
        String kind,
        int cores,
        Map<String, String> settings,
        String model,
        String traffic,
        ForwardRate.Rate forward,
        String brokerJvm,
        double passThroughEventsPerS,
        double monitorEventsPerS,
        double latencyOfferedEventsPerS,
        LatencyProbe.Latency[] latency,
        double plainJavaAtLeastOnceEventsPerS,
        double plainJavaTransactionalEventsPerS) {

    /** Prints the throughput table, each rate with its share of the limit, and the latencies. */
    void print(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%n| measured (%d %s, %d cores) | events/s | share |%n",
                events,
                model != null
                        ? "image events of " + java.nio.file.Path.of(model).getFileName()
                        : kind.equals("images") ? "image events" : "feature events",
                cores);
        out.println("|---|---|---|");
        row(out, "bare forward pass of the model, batch 64, best one-second round", forward.best());
        row(out, "bare forward pass of the model, batch 64, mean of the rounds", forward.mean());
        row(
                out,
                "bare forward passes, one model per core on one thread each (as the job's slots)",
                forward.perSlot());
        row(out, "the same, again right after the monitor job", forward.perSlotAfter());
        row(out, "pass-through job (parse, exactly-once copy)", passThroughEventsPerS);
        out.printf(
                Locale.ROOT,
                "| monitor job, steady state | %.0f | %.0f%% of the highest sustained forward rate"
                        + " (%.0f%% of the best one-second round), %.0f%% of pass-through |%n",
                monitorEventsPerS,
                100 * monitorEventsPerS / forward.limit(),
                100 * monitorEventsPerS / forward.best(),
                100 * monitorEventsPerS / passThroughEventsPerS);
        out.printf(
                Locale.ROOT,
                "| plain Java loop, at least once (consumer, parse, score, producer) | %.0f |"
                        + " monitor job %.2fx |%n",
                plainJavaAtLeastOnceEventsPerS,
                monitorEventsPerS / plainJavaAtLeastOnceEventsPerS);
        out.printf(
                Locale.ROOT,
                "| plain Java loop, transactional | %.0f | monitor job %.2fx |%n",
                plainJavaTransactionalEventsPerS,
                monitorEventsPerS / plainJavaTransactionalEventsPerS);
        out.printf(
                Locale.ROOT,
                "%n| latency at %.0f events/s | p50 ms | p95 ms | p99 ms | max ms | measured |%n",
                latencyOfferedEventsPerS);
        out.println("|---|---|---|---|---|---|");
        out.println(latency[0].row("scores (exactly-once), read_committed"));
        out.println(latency[1].row("scores, read_uncommitted"));
        out.println(latency[2].row("alerts (at-least-once), read_committed"));
        out.println(latency[3].row("scored (the score's processing_time)"));
    }

    private static void row(PrintStream out, String what, double rate) {
        out.printf(Locale.ROOT, "| %s | %.0f | |%n", what, rate);
    }
}
