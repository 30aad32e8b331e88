package org.oodmonitor.job.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;

/**
 * Where a model directory of {@code ood.model.dirs} lives: a plain path or {@code file:} URI on the
 * machine that runs the code, read in place, or a URI of another of Flink's {@link FileSystem}s
 * ({@code s3://} or {@code hdfs://} where the cluster has the plugin), copied into a local
 * temporary directory first, which {@link #close()} deletes. Either way the model is verified
 * against its {@code manifest.json} checksums when it is loaded, so a tampered copy is never
 * served.
 *
 * @param uri the location as given
 * @param local where the model's files are on this machine
 * @param copied whether {@code local} is a copy that {@link #close()} deletes
 */
@PublicEvolving
public record ModelLocation(String uri, Path local, boolean copied) implements AutoCloseable {

    /** The largest model file copied: far above any model this monitor serves. */
    public static final long MAX_FILE_BYTES = 4L << 30;

    private static final String TEMP_PREFIX = "ood-model-";

    /**
     * @throws IOException with a one-line reason when the location cannot be read
     */
    public static ModelLocation of(String location) throws IOException {
        return of(location, false);
    }

    /**
     * Like {@link #of(String)}, but a copy holds {@code manifest.json} alone: for readers of the
     * manifest only (the window operator's shift references), which need not copy the weights.
     *
     * @throws IOException with a one-line reason when the location cannot be read
     */
    public static ModelLocation manifestOnly(String location) throws IOException {
        return of(location, true);
    }

    /**
     * {@code location} as another process or machine reads it: a URI as it is, a plain path made
     * absolute against this process's working directory.
     */
    public static String absolute(String location) {
        return schemeOf(location) != null
                ? location
                : Path.of(location).toAbsolutePath().normalize().toString();
    }

    /**
     * Like {@link #of(String)}, but refuses, before a byte of a model file is read or copied, a
     * directory whose manifest lists more than {@code maxFiles} files or more than {@code maxBytes}
     * bytes in all: for locations a control command names, which anyone who can write to the
     * control topic chooses.
     *
     * @throws IOException with a one-line reason when the location cannot be read or is too large
     */
    public static ModelLocation capped(String location, long maxBytes, int maxFiles)
            throws IOException {
        return of(location, false, new Caps(maxBytes, maxFiles));
    }

    /** The most bytes and files a location may list. */
    private record Caps(long maxBytes, int maxFiles) {

        static final Caps NONE = new Caps(Long.MAX_VALUE, Integer.MAX_VALUE);

        void check(ModelManifest manifest, SizeOf sizes) throws IOException {
            if (manifest.files().size() > maxFiles) {
                throw new IOException(
                        "the manifest lists "
                                + manifest.files().size()
                                + " files, more than ood.control.max-model-files ("
                                + maxFiles
                                + ")");
            }
            long total = 0;
            for (String name : manifest.files().keySet()) {
                total += sizes.of(name);
                if (total > maxBytes) {
                    throw new IOException(
                            "the manifest's files hold more than ood.control.max-model-bytes ("
                                    + maxBytes
                                    + " bytes)");
                }
            }
        }
    }

    /** The size of a listed file, 0 when it is missing (the verification then names it). */
    private interface SizeOf {
        long of(String name) throws IOException;
    }

    private static ModelLocation of(String location, boolean manifestOnly) throws IOException {
        return of(location, manifestOnly, Caps.NONE);
    }

    private static ModelLocation of(String location, boolean manifestOnly, Caps caps)
            throws IOException {
        URI uri = schemeOf(location);
        if (uri == null || "file".equals(uri.getScheme())) {
            Path dir;
            try {
                dir = uri == null ? Path.of(location) : Path.of(uri);
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                throw new IOException("cannot read model " + location + ": " + e.getMessage(), e);
            }
            if (caps != Caps.NONE) {
                caps.check(
                        ModelArtifact.readManifest(dir.resolve(ModelArtifact.MANIFEST)),
                        name -> localSize(dir.resolve(name)));
            }
            return new ModelLocation(location, dir, false);
        }
        org.apache.flink.core.fs.Path dir = new org.apache.flink.core.fs.Path(uri);
        FileSystem fs;
        try {
            fs = dir.getFileSystem();
        } catch (IOException e) {
            throw new IOException(
                    "cannot read model "
                            + location
                            + ": no file system for it ("
                            + e.getMessage()
                            + ")",
                    e);
        }
        Path local = createTempDirectory();
        try {
            copy(fs, dir, ModelArtifact.MANIFEST, local, ModelArtifact.MAX_MANIFEST_BYTES);
            ModelManifest manifest =
                    ModelArtifact.readManifest(local.resolve(ModelArtifact.MANIFEST));
            caps.check(
                    manifest,
                    name -> {
                        org.apache.flink.core.fs.Path file =
                                new org.apache.flink.core.fs.Path(dir, name);
                        return fs.exists(file) ? fs.getFileStatus(file).getLen() : 0;
                    });
            if (!manifestOnly) {
                for (String name : manifest.files().keySet()) {
                    copy(fs, dir, name, local, MAX_FILE_BYTES);
                }
            }
        } catch (IOException | RuntimeException e) {
            delete(local);
            throw new IOException("cannot copy model " + location + ": " + e.getMessage(), e);
        }
        return new ModelLocation(location, local, true);
    }

    /**
     * Copies the manifest-listed file {@code name} of {@code dir}, refusing anything but a regular
     * file of at most {@code maxBytes} (a local FIFO would block the copy, a link to a device would
     * fill the disk) and copying no more than its stated length.
     */
    private static void copy(
            FileSystem fs,
            org.apache.flink.core.fs.Path dir,
            String name,
            Path local,
            long maxBytes)
            throws IOException {
        org.apache.flink.core.fs.Path source = new org.apache.flink.core.fs.Path(dir, name);
        if (!fs.exists(source)) {
            throw new IOException("missing " + name);
        }
        URI uri = source.toUri();
        // A file system of this machine's files (not distributed) may hold FIFOs and links.
        if (!fs.isDistributedFS()
                && !Files.isRegularFile(Path.of(uri.getPath()), LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(name + " is not a regular file (a link, a FIFO or a device)");
        }
        FileStatus status = fs.getFileStatus(source);
        if (status.isDir() || status.getLen() > maxBytes) {
            throw new IOException(
                    name
                            + (status.isDir()
                                    ? " is a directory"
                                    : " is " + status.getLen() + " bytes, more than " + maxBytes));
        }
        try (InputStream in = fs.open(source);
                OutputStream out = Files.newOutputStream(local.resolve(name))) {
            long copied = in.transferTo(new LimitedOutput(out, status.getLen()));
            if (copied != status.getLen()) {
                throw new IOException(name + " changed while being copied");
            }
        }
    }

    private static long localSize(Path file) throws IOException {
        // Links count as what they point to: the verification reads (and hashes) the target.
        return Files.isRegularFile(file) ? Files.size(file) : 0;
    }

    /**
     * A temporary directory named after this process, after deleting the copies that processes no
     * longer running left behind (a run killed with SIGKILL cannot delete its own).
     */
    private static Path createTempDirectory() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> old = Files.list(tmp)) {
            old.filter(ModelLocation::isOrphan).forEach(ModelLocation::delete);
        } catch (IOException e) {
            // Cleaning is a courtesy; the copy itself does not depend on it.
        }
        return Files.createTempDirectory(tmp, TEMP_PREFIX + ProcessHandle.current().pid() + "-");
    }

    private static boolean isOrphan(Path p) {
        String name = p.getFileName().toString();
        if (!name.startsWith(TEMP_PREFIX) || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        String[] parts = name.substring(TEMP_PREFIX.length()).split("-", 2);
        try {
            return ProcessHandle.of(Long.parseLong(parts[0])).isEmpty();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Fails a copy that runs past the length its source stated. */
    private static final class LimitedOutput extends java.io.FilterOutputStream {
        private long left;

        LimitedOutput(OutputStream out, long limit) {
            super(out);
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                throw new IOException("the file grew while being copied");
            }
            left -= len;
            out.write(b, off, len);
        }
    }

    /** Deletes the local copy, if this is one. */
    @Override
    public void close() {
        if (copied) {
            delete(local);
        }
    }

    /** The location as a URI when it names a scheme (other than a Windows drive), else null. */
    private static URI schemeOf(String location) {
        try {
            URI uri = new URI(location);
            return uri.getScheme() != null && uri.getScheme().length() > 1 ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless; the OS cleans it.
        }
    }
}
