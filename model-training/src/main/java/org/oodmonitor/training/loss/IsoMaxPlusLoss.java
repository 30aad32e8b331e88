package org.oodmonitor.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * The second part of IsoMax+: the cross-entropy of the entropy-scaled softmax of the IsoMax+
 * logits, averaged over the batch.
 *
 * <pre>
 *   loss = mean_n( -log_softmax(E * logits[n])[y_n] )
 * </pre>
 *
 * with entropic scale {@code E} (10 by default). {@code E} is used in training only; scores at
 * inference use the logits unscaled. Computed with log-softmax for numerical stability.
 */
public final class IsoMaxPlusLoss extends Loss {

    /** The entropic scale of the paper. */
    public static final float DEFAULT_ENTROPIC_SCALE = 10f;

    private final float entropicScale;

    public IsoMaxPlusLoss() {
        this("IsoMaxPlusLoss", DEFAULT_ENTROPIC_SCALE);
    }

    /**
     * @throws IllegalArgumentException when the scale is not positive
     */
    public IsoMaxPlusLoss(String name, float entropicScale) {
        super(name);
        if (!(entropicScale > 0)) {
            throw new IllegalArgumentException(
                    "entropic scale must be positive, was " + entropicScale);
        }
        this.entropicScale = entropicScale;
    }

    public float entropicScale() {
        return entropicScale;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        int classes = (int) logits.getShape().get(1);
        NDArray logProbabilities = logits.mul(entropicScale).logSoftmax(1);
        NDArray targets = labels.singletonOrThrow().toType(DataType.INT32, false).oneHot(classes);
        return logProbabilities.mul(targets).sum(new int[] {1}).neg().mean();
    }
}
