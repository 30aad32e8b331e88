package org.oodmonitor.job.scoring;

import java.net.URI;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.apache.flink.core.fs.local.LocalFileSystem;

/**
 * The scheme {@code copied:}, this machine's files under a scheme that is not {@code file:}: a
 * location {@link ModelLocation} treats as remote and copies, as it does {@code s3://} or {@code
 * hdfs://}, for tests of the copy without a cluster's file system.
 */
public final class CopiedFileSystemFactory implements FileSystemFactory {

    public static final String SCHEME = "copied";

    /** {@code dir} as a {@code copied:} URI. */
    public static String uriOf(java.nio.file.Path dir) {
        return SCHEME + "://" + dir.toAbsolutePath();
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileSystem create(URI fsUri) {
        return new LocalFileSystem();
    }
}
