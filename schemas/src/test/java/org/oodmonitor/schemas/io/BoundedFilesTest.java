package org.oodmonitor.schemas.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The size limit of every file a command reads, at its exact boundary. */
class BoundedFilesTest {

    @TempDir Path tmp;

    @Test
    void aFileOfExactlyTheLimitIsReadWhole() throws IOException {
        Path file = Files.write(tmp.resolve("ten"), new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThat(BoundedFiles.read(file, "test file", 10))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void oneByteOverTheLimitIsAOneLineError() throws IOException {
        Path file = Files.write(tmp.resolve("eleven"), new byte[11]);
        assertThatThrownBy(() -> BoundedFiles.read(file, "test file", 10))
                .isInstanceOf(IOException.class)
                .hasMessage("test file " + file + " is 11 bytes; at most 10 are read");
    }

    @Test
    void anEmptyFileIsReadAsNothing() throws IOException {
        Path file = Files.write(tmp.resolve("empty"), new byte[0]);
        assertThat(BoundedFiles.read(file, "test file", 0)).isEmpty();
    }
}
