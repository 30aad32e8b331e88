package org.oodmonitor.cli.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.oodmonitor.cli.Installation;

/** Finds the packaged job jar that {@code run --cluster} submits. */
public final class JobJar {

    /** System property naming the jar; the launcher sets it. */
    public static final String PROPERTY = "ood.job.jar";

    private JobJar() {}

    /**
     * The jar named by {@code --jar}, else by the {@value #PROPERTY} system property, else the one
     * the build wrote under {@code flink-job/target} of the project ({@code OOD_HOME} or the
     * working directory).
     */
    public static Path locate(String explicit) throws IOException {
        if (explicit != null) {
            return Path.of(explicit);
        }
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        Path target = Installation.file("flink-job/target");
        Optional<Path> found = Optional.empty();
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                found =
                        files.filter(
                                        p ->
                                                p.getFileName()
                                                        .toString()
                                                        .matches("ood-flink-job-.*-job\\.jar"))
                                .findFirst();
            }
        }
        return found.orElseThrow(
                () ->
                        new IOException(
                                "no job jar under "
                                        + target
                                        + "; build it with './mvnw -pl flink-job -am package"
                                        + " -DskipTests' or name it with --jar"));
    }
}
