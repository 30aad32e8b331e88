package org.oodmonitor.inference.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A model directory being written by {@code import} or {@code train --backbone}: it must start
 * empty, and a failed write leaves nothing behind.
 */
public final class NewModelDirectory {

    private NewModelDirectory() {}

    /**
     * Creates {@code out}, which must not exist or be empty.
     *
     * @return whether it existed already (empty)
     * @throws IOException with a one-line reason
     */
    public static boolean prepare(Path out) throws IOException {
        boolean existed = Files.exists(out);
        if (existed) {
            if (!Files.isDirectory(out)) {
                throw new IOException(out + " exists and is not a directory");
            }
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(out + " exists and is not empty");
                }
            }
        }
        Files.createDirectories(out);
        return existed;
    }

    /**
     * Removes what was written into {@code out}, as far as it can, and {@code out} itself unless it
     * {@code existed} before.
     */
    public static void remove(Path out, boolean existed) {
        try (Stream<Path> paths = Files.walk(out)) {
            List<Path> all = new ArrayList<>(paths.toList());
            all.sort(Comparator.reverseOrder());
            for (Path p : all) {
                if (!existed || !p.equals(out)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // What is left names itself as an incomplete model: no manifest, or no probe passed.
        }
    }
}
