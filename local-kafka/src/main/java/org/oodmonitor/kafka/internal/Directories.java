package org.oodmonitor.kafka.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Recursive directory removal. */
public final class Directories {

    private Directories() {}

    /** Removes {@code dir} and everything below it, ignoring what cannot be removed. */
    public static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(Directories::deleteOne);
        } catch (IOException e) {
            // Best effort: a leftover temporary directory is not worth failing a run for.
        }
    }

    private static void deleteOne(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // See deleteQuietly.
        }
    }
}
