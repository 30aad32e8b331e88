package org.oodmonitor.schemas.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.oodmonitor.schemas.RecordType;

/** The example records bundled in this jar under {@code examples/}, listed by {@code INDEX}. */
public final class ExampleRecords {

    /**
     * One example file.
     *
     * @param valid whether it is a valid record
     * @param type its record type
     * @param name its file name
     * @param bytes its content
     */
    public record Example(boolean valid, RecordType<?> type, String name, byte[] bytes) {}

    private ExampleRecords() {}

    /** Every bundled example, in the order of {@code INDEX}. */
    public static List<Example> all() {
        List<Example> examples = new ArrayList<>();
        for (String path : readLines("/examples/INDEX")) {
            String[] parts = path.split("/");
            examples.add(
                    new Example(
                            parts[0].equals("valid"),
                            RecordType.byName(parts[1]),
                            parts[2],
                            readBytes("/examples/" + path)));
        }
        return examples;
    }

    private static List<String> readLines(String resource) {
        try (InputStream in = open(resource);
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    private static byte[] readBytes(String resource) {
        try (InputStream in = open(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = ExampleRecords.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("Missing bundled example " + resource);
        }
        return in;
    }
}
