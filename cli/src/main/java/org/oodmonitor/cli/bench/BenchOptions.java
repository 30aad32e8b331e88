package org.oodmonitor.cli.bench;

import java.nio.file.Path;
import java.util.Map;
import org.oodmonitor.cli.Installation;

/**
 * The options of a bench run, checked.
 *
 * @param events events pre-loaded for the throughput runs
 * @param images image events (else feature events)
 * @param rate offered rate of the latency run, or 0 for half the monitor's measured rate
 * @param latencySeconds length of the latency run
 * @param out where the JSON results go
 * @param settings job options ({@code --set KEY=VALUE}) for the monitor and latency runs
 * @param soakMinutes length of the flat-memory run ({@code bench soak}), or 0 for the throughput
 *     and latency runs
 * @param sources distinct sources of the flat-memory run
 * @param model a model directory to bench instead of the committed 28x28 one (an imported or {@code
 *     train --backbone} image model), or null
 * @param traffic the image files (PNG, JPEG) its events carry, or null for the committed examples
 */
record BenchOptions(
        int events,
        boolean images,
        double rate,
        int latencySeconds,
        Path out,
        Map<String, String> settings,
        int soakMinutes,
        int sources,
        Path model,
        Path traffic) {

    /**
     * Validated options.
     *
     * @param kind images or features
     * @throws IllegalArgumentException for a bad value
     */
    static BenchOptions of(
            int events,
            String kind,
            double rate,
            int seconds,
            Path out,
            Map<String, String> settings,
            int soakMinutes,
            int sources,
            Path model,
            Path traffic) {
        if (events < 100 || rate < 0 || seconds < 1 || soakMinutes < 0 || sources < 1) {
            throw new IllegalArgumentException(
                    "--events must be at least 100, --rate >= 0, --latency-seconds >= 1,"
                            + " --minutes >= 0 and --sources >= 1");
        }
        boolean images = kind(kind);
        if (model != null && !images) {
            throw new IllegalArgumentException(
                    "--model benches image events: it needs --kind images");
        }
        if (model == null && traffic != null) {
            throw new IllegalArgumentException(
                    "--traffic gives the image files of --model's events; give --model too");
        }
        return new BenchOptions(
                events,
                images,
                rate,
                seconds,
                out,
                Map.copyOf(settings),
                soakMinutes,
                sources,
                model,
                traffic);
    }

    /**
     * The events' traffic: the image files of the user's model ({@code traffic}, else the committed
     * examples), or the committed samples of the event kind.
     */
    BenchTraffic benchTraffic() throws java.io.IOException {
        return model != null
                ? BenchTraffic.ofFiles(trafficFiles())
                : new BenchTraffic(images, Installation.file("samples"));
    }

    /** The image files of a user's model's events: {@code traffic}, else the committed examples. */
    Path trafficFiles() {
        return traffic != null ? traffic : Installation.file("examples/torchscript/images/val");
    }

    /** The model benched: the user's, else the committed one of the event kind. */
    Path modelDir() {
        return model != null
                ? model
                : Installation.file(
                        images ? "models/fashion-mnist-isomax" : "models/fashion-pooled-vectors");
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
