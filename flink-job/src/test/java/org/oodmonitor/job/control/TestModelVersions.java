package org.oodmonitor.job.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.schemas.ModelCommand;

/** New versions of the committed model for control tests: same weights, another manifest. */
public final class TestModelVersions {

    public static final Path COMMITTED = Path.of("../models/fashion-mnist-isomax");
    public static final String MODEL = "fashion";

    private TestModelVersions() {}

    /** A copy of the committed model as {@code version}, its threshold moved by {@code shift}. */
    public static Path version(Path parent, String version, double shift) throws IOException {
        return version(parent, version, shift, 1.0);
    }

    /**
     * Like {@link #version(Path, String, double)}, with the alert detector's threshold (which
     * decides {@code is_ood}) multiplied by {@code alertFactor}.
     */
    public static Path version(Path parent, String version, double shift, double alertFactor)
            throws IOException {
        Path dir = Files.createDirectories(parent.resolve(version));
        try (Stream<Path> files = Files.list(COMMITTED)) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        ObjectMapper mapper = new ObjectMapper();
        Path manifest = dir.resolve(ModelArtifact.MANIFEST);
        ObjectNode root = (ObjectNode) mapper.readTree(manifest.toFile());
        root.put("version", version);
        ObjectNode calibration = (ObjectNode) root.get("calibration");
        calibration.put("threshold", calibration.get("threshold").asDouble() + shift);
        ObjectNode detector = (ObjectNode) root.get("alert_detector");
        detector.put("threshold", detector.get("threshold").asDouble() * alertFactor);
        mapper.writerWithDefaultPrettyPrinter().writeValue(manifest.toFile(), root);
        return dir;
    }

    /** A live or shadow deploy of the model in {@code dir}. */
    public static ModelCommand deploy(String id, Path dir, String version, String role, long from)
            throws IOException {
        return ModelCommand.deploy(
                id,
                MODEL,
                version,
                dir.toString(),
                ModelArtifact.manifestSha256(dir),
                role,
                from,
                System.currentTimeMillis());
    }

    /** The committed model's threshold. */
    public static double committedThreshold() throws IOException {
        return new ObjectMapper()
                .readTree(COMMITTED.resolve(ModelArtifact.MANIFEST).toFile())
                .get("calibration")
                .get("threshold")
                .asDouble();
    }
}
