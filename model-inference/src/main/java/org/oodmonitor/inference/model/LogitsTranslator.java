package org.oodmonitor.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import org.oodmonitor.inference.nn.Backbones;

/**
 * Turns a batch of preprocessed inputs into one tensor and the model's output back into one row of
 * logits per example; the batch is already assembled, so DJL's batchifier is not used.
 */
public final class LogitsTranslator implements NoBatchifyTranslator<InputBatch, float[][]> {

    private final InputSpec input;

    public LogitsTranslator(InputSpec input) {
        this.input = input;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, InputBatch batch) {
        return new NDList(
                ctx.getNDManager()
                        .create(batch.values(), Backbones.inputShape(input, batch.rows())));
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList list) {
        NDArray out = list.singletonOrThrow();
        float[] flat = out.toFloatArray();
        int rows = (int) out.getShape().get(0);
        int classes = flat.length / rows;
        float[][] logits = new float[rows][classes];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * classes, logits[i], 0, classes);
        }
        return logits;
    }
}
