package org.oodmonitor.job.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.inference.model.ModelArtifact;

/**
 * Model directories built to attack the loader (issue #19, table B row 9): a manifest naming files
 * outside the directory, a FIFO, a link to {@code /dev/zero}, and the copies a killed run leaves
 * behind. Each is refused with one line, without opening or hashing the foreign file.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileModelDirectoryTest {

    private static final Path MODEL = Path.of("../models/fashion-mnist-isomax").toAbsolutePath();
    private static final String PARAMS = "model-0000.params";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aManifestNamingFilesOutsideTheDirectoryIsRefusedWithoutHashingThem(@TempDir Path tmp)
            throws IOException {
        for (String outside : List.of("../../etc/hostname", "/etc/hostname", "..", "a/b")) {
            Path dir = modelWithListedFile(tmp.resolve("m" + outside.hashCode()), outside);
            for (String location : List.of(dir.toString(), dir.toUri().toString())) {
                assertThatThrownBy(
                                () ->
                                        new ModelSpecs(
                                                        Map.of("m", location),
                                                        "m",
                                                        Map.of(),
                                                        Map.of())
                                                .verify())
                        .as(location)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("only plain file names are allowed")
                        .hasMessageNotContaining("checksum")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            }
        }
    }

    @Test
    void aFifoOrALinkToADeviceOrOutsideIsRefusedNotOpened(@TempDir Path tmp) throws Exception {
        Path fifo = copyOfModel(tmp.resolve("fifo"));
        Files.delete(fifo.resolve(PARAMS));
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.resolve(PARAMS).toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        Path zero = copyOfModel(tmp.resolve("zero"));
        Files.delete(zero.resolve(PARAMS));
        Files.createSymbolicLink(zero.resolve(PARAMS), Path.of("/dev/zero"));
        Path outside = copyOfModel(tmp.resolve("outside"));
        Files.move(outside.resolve(PARAMS), tmp.resolve("elsewhere.params"));
        Files.createSymbolicLink(outside.resolve(PARAMS), tmp.resolve("elsewhere.params"));

        for (Path dir : List.of(fifo, zero, outside)) {
            assertThatThrownBy(() -> ModelArtifact.readVerified(dir))
                    .as("in place: " + dir)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("not a regular file inside the model directory");
            assertThatThrownBy(() -> ModelLocation.of(CopiedFileSystemFactory.uriOf(dir)))
                    .as("copied: " + dir)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("is not a regular file");
        }
        assertThat(leftoverCopies()).as("failed copies are deleted").isEmpty();
    }

    @Test
    void copiesLeftByADeadProcessAreDeletedByTheNextCopy() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path orphan = Files.createDirectory(tmp.resolve("ood-model-" + gone.pid() + "-123"));
        Files.writeString(orphan.resolve(PARAMS), "left behind by a killed run");

        try (ModelLocation location = ModelLocation.of(CopiedFileSystemFactory.uriOf(MODEL))) {
            assertThat(location.local().getFileName().toString())
                    .startsWith("ood-model-" + ProcessHandle.current().pid() + "-");
        }
        assertThat(orphan).doesNotExist();
    }

    private static List<Path> leftoverCopies() throws IOException {
        String mine = "ood-model-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith(mine)).toList();
        }
    }

    private static Path copyOfModel(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : new String[] {ModelArtifact.MANIFEST, PARAMS}) {
            Files.copy(MODEL.resolve(name), dir.resolve(name));
        }
        return dir;
    }

    private static Path modelWithListedFile(Path dir, String listed) throws IOException {
        copyOfModel(dir);
        ObjectNode manifest =
                (ObjectNode) JSON.readTree(dir.resolve(ModelArtifact.MANIFEST).toFile());
        ((ObjectNode) manifest.get("files")).put(listed, "0".repeat(64));
        JSON.writeValue(dir.resolve(ModelArtifact.MANIFEST).toFile(), manifest);
        return dir;
    }
}
