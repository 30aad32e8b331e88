package org.oodmonitor.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed TorchScript example ({@code examples/torchscript}, by {@code
 * scripts/make-torchscript-example.py}): its folder, class labels and the input its networks take,
 * with the normalisation its fixtures record; for the tests of every module.
 */
public final class TorchScriptExample {

    /** The example's folder, from any module's directory. */
    public static final Path DIR = Path.of("../examples/torchscript");

    private TorchScriptExample() {}

    /** The ten class labels, in the networks' output order. */
    public static List<String> labels() {
        List<String> labels = new ArrayList<>();
        fixtures().get("classes").forEach(c -> labels.add(c.asText()));
        return labels;
    }

    /**
     * The RGB input of {@code side x side} the example's images become as torchvision makes them:
     * Resize(side) bilinear, CenterCrop(side), ToTensor, Normalize with the fixtures' mean and std.
     */
    public static InputSpec input(int side) {
        JsonNode meta = fixtures();
        return new InputSpec(
                InputSpec.IMAGE,
                side,
                side,
                3,
                null,
                null,
                null,
                new Preprocessing(
                        side,
                        Preprocessing.BILINEAR,
                        List.of(side, side),
                        floats(meta.get("mean")),
                        floats(meta.get("std")),
                        Preprocessing.RGB));
    }

    private static List<Float> floats(JsonNode array) {
        List<Float> values = new ArrayList<>();
        array.forEach(v -> values.add((float) v.asDouble()));
        return values;
    }

    private static JsonNode fixtures() {
        try {
            return new ObjectMapper().readTree(DIR.resolve("fixtures/fixtures.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
