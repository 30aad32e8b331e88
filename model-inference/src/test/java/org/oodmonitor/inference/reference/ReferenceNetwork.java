package org.oodmonitor.inference.reference;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;

/**
 * A second, independent implementation of a committed model's forward pass, in plain Java loops
 * written from the architecture's definition (convolution, max-pooling, dense layers, the IsoMax+
 * distances of arXiv 2105.14399), so that tests can check the served path against something other
 * than itself. DJL is used only to read the parameter values from the model's file; no DJL operator
 * computes anything here. Slow (a few milliseconds per image) and only for tests.
 */
public final class ReferenceNetwork {

    private final ModelManifest manifest;
    private final List<float[]> values;

    private ReferenceNetwork(ModelManifest manifest, List<float[]> values) {
        this.manifest = manifest;
        this.values = values;
    }

    /** Reads the parameters of the verified model in {@code dir}. */
    public static ReferenceNetwork load(Path dir) throws IOException {
        ModelManifest manifest = ModelArtifact.readVerified(dir);
        if (!ModelManifest.ISOMAX_PLUS.equals(manifest.head())) {
            throw new IllegalArgumentException("the reference computes IsoMax+ heads only");
        }
        List<float[]> values = new ArrayList<>();
        try (Model model = ModelArtifact.loadModel(dir, manifest, Device.cpu())) {
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                values.add(p.getValue().getArray().toFloatArray());
            }
        }
        return new ReferenceNetwork(manifest, values);
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** The logits of one gray image of the model's size, gray levels 0 to 255 row by row. */
    public double[] logitsOfImage(byte[] gray) {
        InputSpec in = manifest.input();
        double[] x = new double[gray.length];
        for (int i = 0; i < gray.length; i++) {
            x[i] = ((gray[i] & 0xff) / 255.0 - in.mean()) / in.std();
        }
        return logits(x);
    }

    /**
     * The logits of one model input (already normalised). Parameters come in the network's order, a
     * weight then its bias for each layer, the IsoMax+ prototypes and distance scale last.
     */
    public double[] logits(double[] input) {
        int p = 0;
        double[] features = input;
        if ("cnn".equals(manifest.backbone())) {
            InputSpec in = manifest.input();
            int channels = in.channels();
            int h = in.height();
            int w = in.width();
            for (int block = 0; block < 2; block++, p += 2, h /= 2, w /= 2) {
                float[] bias = values.get(p + 1);
                double[] conv = Layers.conv3x3(features, channels, h, w, values.get(p), bias);
                features = Layers.maxPool2x2(Layers.relu(conv), bias.length, h, w);
                channels = bias.length;
            }
        }
        // The CNN's dense layer, or every layer of the MLP.
        for (; p < values.size() - 2; p += 2) {
            features = Layers.relu(Layers.dense(features, values.get(p), values.get(p + 1)));
        }
        return Layers.isoMaxPlus(features, values.get(p), values.get(p + 1)[0]);
    }
}
