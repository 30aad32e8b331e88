package org.oodmonitor.job.scoring;

import ai.djl.Device;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.scoring.VerdictFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loaded models of one parallel subtask; opened in {@code open()}, closed in {@code close()}.
 */
@Internal
public final class ModelRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final Map<String, ServedModel> models;

    private ModelRegistry(Map<String, ServedModel> models) {
        this.models = models;
    }

    /**
     * @throws IOException for a missing, tampered or incomplete model
     * @throws IllegalArgumentException for a model the monitor cannot serve (no threshold, not an
     *     IsoMax+ head)
     */
    static ModelRegistry open(ModelSpecs specs, Device device) throws IOException {
        Map<String, ServedModel> models = new LinkedHashMap<>();
        try {
            for (var entry : specs.modelDirs().entrySet()) {
                OodModel model;
                // The model is loaded into memory, so a local copy can go at once.
                try (ModelLocation location = ModelLocation.of(entry.getValue())) {
                    model = OodModel.load(location.local(), device);
                } catch (IOException e) {
                    throw new IOException(
                            "model "
                                    + entry.getKey()
                                    + " ("
                                    + entry.getValue()
                                    + "): "
                                    + e.getMessage(),
                            e);
                }
                ServedModel served;
                try {
                    served =
                            new ServedModel(
                                    model,
                                    new VerdictFunction(
                                            model.manifest(),
                                            specs.thresholdOverrides().get(entry.getKey())));
                } catch (RuntimeException e) {
                    model.close();
                    throw e;
                }
                models.put(entry.getKey(), served);
                var m = model.manifest();
                var rule = served.verdicts().rule();
                LOG.info(
                        "Loaded model {} ({} {}, {} input) from {} on {}, manifest SHA-256 {},"
                                + " threshold {} ({})",
                        entry.getKey(),
                        m.name(),
                        m.version(),
                        m.input().kind(),
                        entry.getValue(),
                        model.device(),
                        model.manifestSha256(),
                        rule.global(),
                        rule.source());
            }
        } catch (IOException | RuntimeException e) {
            models.values().forEach(s -> s.model().close());
            throw e;
        }
        return new ModelRegistry(models);
    }

    /** A model by serving name; empty for a name this job does not serve. */
    public Optional<ServedModel> resolve(String servingName) {
        return Optional.ofNullable(models.get(servingName));
    }

    /** Each served model's manifest version, by serving name: what a retire names it by. */
    public Map<String, String> versions() {
        Map<String, String> versions = new LinkedHashMap<>();
        models.forEach((name, served) -> versions.put(name, served.model().manifest().version()));
        return versions;
    }

    public Set<String> names() {
        return models.keySet();
    }

    @Override
    public void close() {
        models.values().forEach(s -> s.model().close());
    }
}
