package org.oodmonitor.inference.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
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
            byte[] pixels = readExactly(in, count * height * width, file, count + " images");
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
            byte[] raw = readExactly(in, count, file, count + " labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xff;
            }
            return labels;
        }
    }

    /**
     * The {@code length} bytes a header announced. Read in chunks, so memory follows what the file
     * really holds: a header that claims millions of images in a small file costs nothing before it
     * is found out.
     */
    private static byte[] readExactly(DataInputStream in, int length, Path file, String claimed)
            throws IOException {
        byte[] data = in.readNBytes(length);
        if (data.length < length) {
            throw new IOException(
                    file
                            + ": truncated: its header claims "
                            + claimed
                            + " ("
                            + length
                            + " bytes of data) but it holds "
                            + data.length);
        }
        return data;
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
