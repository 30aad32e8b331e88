package org.oodmonitor.inference.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads the IDX format of MNIST and Fashion-MNIST, gzipped or not. */
public final class IdxFiles {

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private IdxFiles() {}

    /**
     * Reads an {@code idx3-ubyte} image file.
     *
     * @throws IOException with the file name and what is wrong for a file that is not one
     */
    public static ImageSet readImages(Path file, Path labelsFile) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new IOException(
                        file
                                + ": not an IDX image file (magic 0x"
                                + Integer.toHexString(magic)
                                + ", expected 0x803)");
            }
            int count = in.readInt();
            int height = in.readInt();
            int width = in.readInt();
            if (count < 0
                    || height <= 0
                    || width <= 0
                    || (long) count * height * width > Integer.MAX_VALUE) {
                throw new IOException(
                        file + ": implausible header " + count + "x" + height + "x" + width);
            }
            byte[] pixels = new byte[count * height * width];
            readFully(in, pixels, file);
            int[] labels = labelsFile == null ? null : readLabels(labelsFile);
            if (labels != null && labels.length != count) {
                throw new IOException(
                        labelsFile
                                + " has "
                                + labels.length
                                + " labels but "
                                + file
                                + " has "
                                + count
                                + " images");
            }
            return new ImageSet(file.getFileName().toString(), height, width, pixels, labels);
        }
    }

    /** Reads an {@code idx1-ubyte} label file. */
    public static int[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new IOException(
                        file
                                + ": not an IDX label file (magic 0x"
                                + Integer.toHexString(magic)
                                + ", expected 0x801)");
            }
            int count = in.readInt();
            if (count < 0) {
                throw new IOException(file + ": negative label count " + count);
            }
            byte[] raw = new byte[count];
            readFully(in, raw, file);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xff;
            }
            return labels;
        }
    }

    private static void readFully(DataInputStream in, byte[] buffer, Path file) throws IOException {
        try {
            in.readFully(buffer);
        } catch (EOFException e) {
            throw new IOException(
                    file + ": truncated, expected " + buffer.length + " bytes of data", e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        boolean gzip = b1 == 0x1f && b2 == 0x8b;
        return new DataInputStream(
                gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw);
    }
}
