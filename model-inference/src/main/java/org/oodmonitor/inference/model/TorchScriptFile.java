package org.oodmonitor.inference.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;

/** Checks that a file is what {@code torch.jit.save} writes before any engine opens it. */
public final class TorchScriptFile {

    /** The largest TorchScript file taken. */
    public static final long MAX_BYTES = 2L << 30;

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private TorchScriptFile() {}

    /**
     * @throws IOException with a one-line reason unless {@code file} is a regular file of at most
     *     {@link #MAX_BYTES} that starts as a zip archive, as every TorchScript file does
     */
    public static void check(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + " is not a regular file");
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IOException(file + " is " + size + " bytes, more than " + MAX_BYTES);
        }
        byte[] head = new byte[ZIP_MAGIC.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read < head.length || !Arrays.equals(head, ZIP_MAGIC)) {
            throw new IOException(
                    file
                            + " is not TorchScript: torch.jit.save writes a zip archive (save the"
                            + " traced or scripted network, not a state_dict or a pickled model)");
        }
    }

    /** The first line of the deepest cause of {@code e}: what libtorch said, without its trace. */
    static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage()).strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
