package org.oodmonitor.cli.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bench command's options.
 *
 * @param events events pre-loaded for the throughput runs
 * @param images image events (else feature events)
 * @param rate offered rate of the latency run, or 0 for half the monitor's measured rate
 * @param latencySeconds length of the latency run
 * @param out where the JSON results go
 * @param settings job options ({@code --set KEY=VALUE}) for the monitor and latency runs
 * @param soakMinutes length of the flat-memory run, or 0 for the throughput and latency runs
 * @param sources distinct sources of the flat-memory run
 */
record BenchOptions(
        int events,
        boolean images,
        double rate,
        int latencySeconds,
        Path out,
        Map<String, String> settings,
        int soakMinutes,
        int sources) {

    /**
     * The options in {@code args}, or null when help was asked for.
     *
     * @throws IllegalArgumentException for an unknown option or a bad value
     */
    static BenchOptions parse(String[] args) {
        int events = 20_000;
        boolean images = true;
        double rate = 0;
        int seconds = 30;
        Path out = Path.of("bench-results.json");
        Map<String, String> settings = new LinkedHashMap<>();
        int soakMinutes = 0;
        int sources = 10_000;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--events" -> events = Integer.parseInt(v);
                    case "--kind" -> images = kind(v);
                    case "--rate" -> rate = Double.parseDouble(v);
                    case "--latency-seconds" -> seconds = Integer.parseInt(v);
                    case "--out" -> out = Path.of(v);
                    case "--soak-minutes" -> soakMinutes = Integer.parseInt(v);
                    case "--sources" -> sources = Integer.parseInt(v);
                    case "--set" -> {
                        int eq = v.indexOf('=');
                        if (eq < 1) {
                            throw new IllegalArgumentException(
                                    "--set needs KEY=VALUE, was '" + v + "'");
                        }
                        settings.put(v.substring(0, eq).trim(), v.substring(eq + 1).trim());
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(a + ": '" + v + "' is not a number");
            }
        }
        if (events < 100 || rate < 0 || seconds < 1 || soakMinutes < 0 || sources < 1) {
            throw new IllegalArgumentException(
                    "--events must be at least 100, --rate >= 0, --latency-seconds >= 1,"
                            + " --soak-minutes >= 0 and --sources >= 1");
        }
        return new BenchOptions(
                events, images, rate, seconds, out, Map.copyOf(settings), soakMinutes, sources);
    }

    private static boolean kind(String v) {
        return switch (v) {
            case "images" -> true;
            case "features" -> false;
            default ->
                    throw new IllegalArgumentException(
                            "--kind must be images or features, was " + v);
        };
    }
}
