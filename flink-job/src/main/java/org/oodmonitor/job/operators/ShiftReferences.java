package org.oodmonitor.job.operators;

import java.io.IOException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.shift.ShiftReference;
import org.oodmonitor.job.scoring.ModelLocation;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.slf4j.LoggerFactory;

/**
 * Where the window operator finds each served model's shift reference: read from the models'
 * manifests when the operator opens, as the scoring operator reads the models themselves.
 */
@Internal
@FunctionalInterface
public interface ShiftReferences extends Serializable {

    /**
     * One served model's reference.
     *
     * @param checksum SHA-256 of the manifest it came from, as scores name it
     * @param reference the reference, or null for a model calibrated without one
     */
    record Served(String checksum, ShiftReference reference) implements Serializable {}

    /**
     * The references by manifest checksum, so that two versions of one model served side by side
     * each have their own.
     */
    Map<String, Served> load() throws IOException;

    /** No references: no window is tested for shifts. */
    static ShiftReferences none() {
        return Map::of;
    }

    /**
     * The reference of the version deployed at {@code location}, whose scores name manifest {@code
     * checksum}; one without a reference (its windows say why they are not tested) when the
     * manifest cannot be read or is not that one any more.
     */
    static Served deployed(String location, String checksum) {
        try (ModelLocation copy = ModelLocation.manifestOnly(location)) {
            String actual = ModelArtifact.manifestSha256(copy.local());
            if (!actual.equals(checksum)) {
                LoggerFactory.getLogger(ShiftReferences.class)
                        .warn(
                                "No shift reference for {}: its manifest changed to {}",
                                location,
                                actual);
                return new Served(checksum, null);
            }
            return new Served(
                    checksum,
                    ModelArtifact.readManifest(copy.local().resolve(ModelArtifact.MANIFEST))
                            .shiftReference());
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(ShiftReferences.class)
                    .warn("No shift reference for {}: {}", location, e.getMessage());
            return new Served(checksum, null);
        }
    }

    /** The references in the manifests of {@code models}. */
    static ShiftReferences of(ModelSpecs models) {
        return new InManifests(new LinkedHashMap<>(models.modelDirs()));
    }

    /**
     * The references in the manifests of the models in these directories (or URIs).
     *
     * @param dirs model directories by serving name
     */
    record InManifests(Map<String, String> dirs) implements ShiftReferences {

        @Override
        public Map<String, Served> load() throws IOException {
            Map<String, Served> served = new LinkedHashMap<>();
            for (String dir : dirs.values()) {
                try (ModelLocation location = ModelLocation.manifestOnly(dir)) {
                    ModelManifest manifest =
                            ModelArtifact.readManifest(
                                    location.local().resolve(ModelArtifact.MANIFEST));
                    String checksum = ModelArtifact.manifestSha256(location.local());
                    served.put(checksum, new Served(checksum, manifest.shiftReference()));
                }
            }
            return served;
        }
    }
}
