package org.oodmonitor.inference.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * The first part of IsoMax+ (Macêdo and Ludermir, arXiv 2105.14399): replaces the last Linear layer
 * of a classifier with one learnable prototype per class and one learnable distance scale.
 *
 * <p>For features {@code f} of shape (N, D) it outputs logits of shape (N, C):
 *
 * <pre>
 *   logits[n, c] = -|s| * || normalize(f[n]) - normalize(p[c]) ||_2
 * </pre>
 *
 * where {@code normalize(x) = x / max(||x||_2, 1e-12)}, {@code p} are the {@code prototypes} (C,
 * D), initialised N(0, 1), and {@code s} is the {@code distance_scale}, initialised 1. The distance
 * is computed directly (not by the dot-product expansion); its square is clamped at 1e-24 before
 * the square root so that a feature equal to a prototype has a finite gradient.
 */
public final class IsoMaxPlusBlock extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final float NORM_EPSILON = 1e-12f;
    private static final float SQUARED_DISTANCE_FLOOR = 1e-24f;

    private final int numClasses;
    private final Parameter prototypes;
    private final Parameter distanceScale;

    private IsoMaxPlusBlock(Builder builder) {
        super(VERSION);
        this.numClasses = builder.numClasses;
        this.prototypes =
                addParameter(
                        Parameter.builder()
                                .setName("prototypes")
                                .setType(Parameter.Type.OTHER)
                                .optInitializer(new NormalInitializer(1.0f))
                                .build());
        this.distanceScale =
                addParameter(
                        Parameter.builder()
                                .setName("distance_scale")
                                .setType(Parameter.Type.OTHER)
                                .optInitializer(new ConstantInitializer(1.0f))
                                .optShape(new Shape(1))
                                .build());
    }

    public static Builder builder() {
        return new Builder();
    }

    public int numClasses() {
        return numClasses;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        prototypes.setShape(new Shape(numClasses, inputShapes[0].get(1)));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray features = inputs.singletonOrThrow();
        // DJL attaches a result to the manager of its first operand; results computed from the
        // parameters would otherwise belong to the model's manager and live (with their native
        // tensors) until the model is closed: seven arrays leaked per forward pass. They are
        // moved to the batch's manager, which is closed after every batch.
        NDManager batch = features.getManager();
        NDArray protos = parameterStore.getValue(prototypes, features.getDevice(), training);
        NDArray scale = parameterStore.getValue(distanceScale, features.getDevice(), training);
        NDArray diff =
                normalize(features, batch)
                        .expandDims(1)
                        .sub(normalize(protos, batch).expandDims(0));
        NDArray distances = diff.square().sum(new int[] {2}).maximum(SQUARED_DISTANCE_FLOOR).sqrt();
        return new NDList(distances.mul(owned(scale.abs(), batch)).neg());
    }

    private static NDArray normalize(NDArray x, NDManager owner) {
        NDArray norm =
                owned(x.square(), owner).sum(new int[] {1}, true).sqrt().maximum(NORM_EPSILON);
        return owned(x.div(norm), owner);
    }

    private static NDArray owned(NDArray array, NDManager owner) {
        array.attach(owner);
        return array;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), numClasses)};
    }

    @Override
    public String toString() {
        return "IsoMaxPlus(classes=" + numClasses + ")";
    }

    /** Builds an {@link IsoMaxPlusBlock}. */
    public static final class Builder {
        private int numClasses;

        private Builder() {}

        public Builder setNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * @throws IllegalArgumentException when fewer than two classes are set
         */
        public IsoMaxPlusBlock build() {
            if (numClasses < 2) {
                throw new IllegalArgumentException(
                        "IsoMax+ needs at least 2 classes, got " + numClasses);
            }
            return new IsoMaxPlusBlock(this);
        }
    }
}
