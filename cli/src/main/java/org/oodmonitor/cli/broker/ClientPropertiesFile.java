package org.oodmonitor.cli.broker;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/** Writes a secured broker's client settings to a file that only its owner may read. */
final class ClientPropertiesFile {

    private ClientPropertiesFile() {}

    static void write(Path file, Properties clients) {
        try {
            Files.deleteIfExists(file);
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // Created owner-only before a byte is written: it holds a password.
            Files.createFile(
                    file,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
            StringWriter text = new StringWriter();
            clients.store(text, "Kafka client settings of ood-monitor broker --sasl-ssl");
            Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the client settings to " + file + ": " + e.getMessage(), e);
        }
    }
}
