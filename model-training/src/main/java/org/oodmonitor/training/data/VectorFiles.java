package org.oodmonitor.training.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads labelled vectors from JSONL ({@code {"features": [...], "label": 3}} per line) or CSV
 * ({@code label,f1,f2,...} per line, an optional header line starting with {@code label}).
 */
public final class VectorFiles {

    private VectorFiles() {}

    /**
     * @throws IOException naming the file, the line and what is wrong
     */
    public static VectorSet read(Path file) throws IOException {
        boolean jsonl = file.getFileName().toString().endsWith(".jsonl");
        ObjectMapper mapper = new ObjectMapper();
        List<float[]> vectors = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || (!jsonl && number == 1 && line.startsWith("label"))) {
                    continue;
                }
                try {
                    if (jsonl) {
                        JsonNode node = mapper.readTree(line);
                        JsonNode features = node.get("features");
                        if (features == null || !features.isArray() || !node.has("label")) {
                            throw new IllegalArgumentException(
                                    "needs \"features\" (array) and \"label\"");
                        }
                        float[] v = new float[features.size()];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = finite(features.get(i).asDouble(Double.NaN), i);
                        }
                        vectors.add(v);
                        labels.add(node.get("label").asInt());
                    } else {
                        String[] cells = line.split(",");
                        float[] v = new float[cells.length - 1];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = finite(Double.parseDouble(cells[i + 1].trim()), i);
                        }
                        vectors.add(v);
                        labels.add(Integer.parseInt(cells[0].trim()));
                    }
                } catch (IOException | IllegalArgumentException e) {
                    throw new IOException(file + " line " + number + ": " + e.getMessage(), e);
                }
            }
        }
        try {
            return new VectorSet(
                    file.getFileName().toString(),
                    vectors.toArray(new float[0][]),
                    labels.stream().mapToInt(Integer::intValue).toArray());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static float finite(double value, int index) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value " + index + " is not a finite number");
        }
        return (float) value;
    }
}
