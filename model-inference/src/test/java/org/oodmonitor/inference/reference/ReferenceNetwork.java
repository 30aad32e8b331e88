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
    private final List<long[]> shapes;

    private ReferenceNetwork(ModelManifest manifest, List<float[]> values, List<long[]> shapes) {
        this.manifest = manifest;
        this.values = values;
        this.shapes = shapes;
    }

    /** Reads the parameters of the verified model in {@code dir}. */
    public static ReferenceNetwork load(Path dir) throws IOException {
        ModelManifest manifest = ModelArtifact.readVerified(dir);
        if (!ModelManifest.ISOMAX_PLUS.equals(manifest.head())) {
            throw new IllegalArgumentException("the reference computes IsoMax+ heads only");
        }
        List<float[]> values = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        try (Model model = ModelArtifact.loadModel(dir, manifest, Device.cpu())) {
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                values.add(p.getValue().getArray().toFloatArray());
                shapes.add(p.getValue().getArray().getShape().getShape());
            }
        }
        return new ReferenceNetwork(manifest, values, shapes);
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

    /** The logits of one model input (already normalised). */
    public double[] logits(double[] input) {
        int p = 0;
        double[] features;
        if ("cnn".equals(manifest.backbone())) {
            InputSpec in = manifest.input();
            double[] a =
                    Layers.relu(
                            Layers.conv3x3(
                                    input,
                                    in.channels(),
                                    in.height(),
                                    in.width(),
                                    values.get(p),
                                    values.get(p + 1),
                                    (int) shapes.get(p)[0]));
            int c1 = (int) shapes.get(p)[0];
            a = Layers.maxPool2x2(a, c1, in.height(), in.width());
            p += 2;
            int h = in.height() / 2;
            int w = in.width() / 2;
            a =
                    Layers.relu(
                            Layers.conv3x3(
                                    a,
                                    c1,
                                    h,
                                    w,
                                    values.get(p),
                                    values.get(p + 1),
                                    (int) shapes.get(p)[0]));
            int c2 = (int) shapes.get(p)[0];
            a = Layers.maxPool2x2(a, c2, h, w);
            p += 2;
            features = Layers.relu(Layers.dense(a, values.get(p), values.get(p + 1)));
            p += 2;
        } else {
            features = input;
            while (p < values.size() - 2) {
                features = Layers.relu(Layers.dense(features, values.get(p), values.get(p + 1)));
                p += 2;
            }
        }
        return Layers.isoMaxPlus(features, values.get(p), values.get(p + 1)[0]);
    }
}
