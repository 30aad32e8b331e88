package org.oodmonitor.schemas.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a whole file that a user named, refusing what cannot be a file of that kind before reading
 * a byte: a missing path, a directory, a FIFO or device ({@code /dev/zero} would be read for ever,
 * a FIFO blocks), or a file larger than the limit. Every refusal is one line that names the file.
 */
public final class BoundedFiles {

    private BoundedFiles() {}

    /**
     * The bytes of {@code file}.
     *
     * @param what what the file is, for messages ("config file", "record file")
     * @param maxBytes the largest file accepted
     * @throws IOException with a one-line reason naming {@code what} and the file
     */
    public static byte[] read(Path file, String what, long maxBytes) throws IOException {
        checkRegular(file, what);
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new IOException(
                    what
                            + " "
                            + file
                            + " is "
                            + size
                            + " bytes; at most "
                            + maxBytes
                            + " are read");
        }
        // The size can change under us: read at most one byte more than the limit to tell.
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new IOException(
                        what + " " + file + " grew past " + maxBytes + " bytes while being read");
            }
            return bytes;
        }
    }

    /**
     * @throws IOException when {@code file} is missing or not a regular file (following links)
     */
    public static void checkRegular(Path file, String what) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException(what + " " + file + " not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(
                    what
                            + " "
                            + file
                            + " is not a regular file"
                            + (Files.isDirectory(file) ? " but a directory" : "")
                            + "; only plain files are read");
        }
    }
}
