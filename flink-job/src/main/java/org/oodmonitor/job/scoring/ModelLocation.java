package org.oodmonitor.job.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;

/**
 * Where a model directory of {@code ood.model.dirs} lives: a plain path on the machine that runs
 * the code, loaded in place, or a URI that Flink's {@link FileSystem} understands ({@code file://},
 * and {@code s3://} or {@code hdfs://} where the cluster has the plugin), copied into a local
 * temporary directory first. Either way the model is verified against its {@code manifest.json}
 * checksums when it is loaded, so a tampered copy is never served.
 *
 * @param uri the location as given
 * @param local where the model's files are on this machine
 * @param copied whether {@code local} is a copy that {@link #close()} deletes
 */
public record ModelLocation(String uri, Path local, boolean copied) implements AutoCloseable {

    /**
     * @throws IOException with a one-line reason when the location cannot be read
     */
    public static ModelLocation of(String location) throws IOException {
        URI uri = schemeOf(location);
        if (uri == null) {
            return new ModelLocation(location, Path.of(location), false);
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
        FileStatus[] files = fs.listStatus(dir);
        if (files == null) {
            throw new IOException("cannot read model " + location + ": no such directory");
        }
        Path local = Files.createTempDirectory("ood-model-");
        try {
            for (FileStatus file : files) {
                if (!file.isDir()) {
                    try (InputStream in = fs.open(file.getPath())) {
                        Files.copy(
                                in,
                                local.resolve(file.getPath().getName()),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            delete(local);
            throw new IOException("cannot copy model " + location + ": " + e.getMessage(), e);
        }
        return new ModelLocation(location, local, true);
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
