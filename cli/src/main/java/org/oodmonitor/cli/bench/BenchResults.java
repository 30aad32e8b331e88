package org.oodmonitor.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a bench run's result record as indented JSON and says where. */
final class BenchResults {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchResults() {}

    static void write(Path file, Object result) throws IOException {
        Files.write(file, JSON.writeValueAsBytes(result));
        System.out.println("Results written to " + file);
    }
}
