package org.oodmonitor.inference.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.model.ModelManifest;

/** Builds a model's network from its manifest: a backbone followed by its head. */
public final class Backbones {

    /** Name of the small image CNN. */
    public static final String CNN = "cnn";

    /** Name of the vector MLP. */
    public static final String MLP = "mlp";

    /**
     * A network imported as TorchScript ({@code model.pt}): the whole network, head included, is in
     * the file, and DJL's PyTorch engine runs it as traced.
     */
    public static final String TORCHSCRIPT = "torchscript";

    /**
     * A feature extractor imported as TorchScript ({@code model.pt}, a network cut before its
     * classifier) with a last layer trained on its frozen features by {@code train --backbone}
     * ({@code head.params}): the network built here is that last layer alone.
     */
    public static final String TORCHSCRIPT_FEATURES = "torchscript_features";

    private Backbones() {}

    /**
     * The network of {@code manifest} that DJL builds: the whole network, or for {@link
     * #TORCHSCRIPT_FEATURES} its last layer alone.
     *
     * @throws IllegalArgumentException for an unknown backbone or head
     */
    public static Block network(ModelManifest manifest) {
        if (TORCHSCRIPT.equals(manifest.backbone())) {
            throw new IllegalArgumentException(
                    "a torchscript network is loaded from its file, not built");
        }
        SequentialBlock net = new SequentialBlock();
        switch (manifest.backbone()) {
            case CNN -> addCnn(net, manifest.featureDimension());
            case MLP -> addMlp(net, manifest.hiddenUnits(), manifest.featureDimension());
            case TORCHSCRIPT_FEATURES -> {
                // The features come from the TorchScript file; only the head is built.
            }
            default ->
                    throw new IllegalArgumentException(
                            "Unknown backbone '"
                                    + manifest.backbone()
                                    + "'; known: cnn, mlp, torchscript, torchscript_features");
        }
        int classes = manifest.classLabels().size();
        switch (manifest.head()) {
            case ModelManifest.ISOMAX_PLUS ->
                    net.add(IsoMaxPlusBlock.builder().setNumClasses(classes).build());
            case ModelManifest.SOFTMAX -> net.add(Linear.builder().setUnits(classes).build());
            default ->
                    throw new IllegalArgumentException(
                            "Unknown head '" + manifest.head() + "'; known: isomax_plus, softmax");
        }
        return net;
    }

    /** Input shape of one batch of {@code batchSize} examples. */
    public static Shape inputShape(ModelManifest manifest, int batchSize) {
        return inputShape(manifest.input(), batchSize);
    }

    /** Input shape of one batch of {@code batchSize} examples of {@code input}. */
    public static Shape inputShape(InputSpec input, int batchSize) {
        return input.isImage()
                ? new Shape(batchSize, input.channels(), input.height(), input.width())
                : new Shape(batchSize, input.dimension());
    }

    /** Two 3x3 convolutions (32, 64 channels) each with ReLU and 2x2 max-pooling, then dense. */
    private static void addCnn(SequentialBlock net, int features) {
        net.add(
                        Conv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .setFilters(32)
                                .build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(
                        Conv2d.builder()
                                .setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1))
                                .setFilters(64)
                                .build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(features).build())
                .add(Activation.reluBlock());
    }

    private static void addMlp(SequentialBlock net, List<Integer> hidden, int features) {
        for (int units : hidden == null ? List.<Integer>of() : hidden) {
            net.add(Linear.builder().setUnits(units).build()).add(Activation.reluBlock());
        }
        net.add(Linear.builder().setUnits(features).build()).add(Activation.reluBlock());
    }
}
