package org.oodmonitor.job.scoring;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.oodmonitor.training.model.OodModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loaded models of one parallel subtask; opened in {@code open()}, closed in {@code close()}.
 */
public final class ModelRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final Map<String, OodModel> models;
    private final ModelSpecs specs;

    private ModelRegistry(Map<String, OodModel> models, ModelSpecs specs) {
        this.models = models;
        this.specs = specs;
    }

    static ModelRegistry open(ModelSpecs specs, Device device) throws IOException {
        Map<String, OodModel> models = new LinkedHashMap<>();
        try {
            for (var entry : specs.modelDirs().entrySet()) {
                OodModel model = OodModel.load(Path.of(entry.getValue()), device);
                models.put(entry.getKey(), model);
                var m = model.manifest();
                LOG.info(
                        "Loaded model {} ({} {}, {} input) from {} on {}, manifest SHA-256 {},"
                                + " threshold {}",
                        entry.getKey(),
                        m.name(),
                        m.version(),
                        m.input().kind(),
                        entry.getValue(),
                        model.device(),
                        model.manifestSha256(),
                        specs.thresholdOverrides()
                                .getOrDefault(
                                        entry.getKey(),
                                        m.calibration() == null
                                                ? null
                                                : m.calibration().threshold()));
            }
        } catch (IOException | RuntimeException e) {
            models.values().forEach(OodModel::close);
            throw e;
        }
        return new ModelRegistry(models, specs);
    }

    /** A model by serving name; null for a name this job does not serve. */
    public OodModel resolve(String servingName) {
        return models.get(servingName);
    }

    /**
     * The serving name for an event: the model it names, else its source's default, else the job's
     * default.
     */
    public String servingName(String modelName, String source) {
        if (modelName != null) {
            return modelName;
        }
        return specs.sourceDefaults().getOrDefault(source, specs.defaultModel());
    }

    public Double thresholdOverride(String servingName) {
        return specs.thresholdOverrides().get(servingName);
    }

    public java.util.Set<String> names() {
        return models.keySet();
    }

    @Override
    public void close() {
        models.values().forEach(OodModel::close);
    }
}
