package org.oodmonitor.kafka.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the JVM that formats the broker's storage: runs {@code kafka.tools.StorageTool} on
 * its own arguments followed by those read from standard input, one a line, so that a SCRAM
 * password given to {@code --add-scram} never appears on a command line.
 */
public final class StorageFormatMain {

    private StorageFormatMain() {}

    /**
     * @param args the first arguments of {@code StorageTool}; the rest are read from standard input
     *     until it closes
     */
    public static void main(String[] args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .filter(line -> !line.isEmpty())
                .forEach(all::add);
        kafka.tools.StorageTool.main(all.toArray(String[]::new));
    }
}
