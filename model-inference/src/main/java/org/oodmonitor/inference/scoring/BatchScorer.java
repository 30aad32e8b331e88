package org.oodmonitor.inference.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.preprocess.InputException;
import org.oodmonitor.schemas.ErrorCode;

/**
 * The one path from events to verdicts, for the job and for evaluation: prepares each input, runs
 * one forward pass over those that fit, and turns each row of logits into a verdict. Every input
 * gets an {@link Outcome}, in order; no input makes it throw. It holds no state besides the model,
 * reads no clock and does no I/O.
 *
 * <p>With {@code fixedRows}, every forward pass is padded with zero rows to that many rows, which
 * makes every score independent of the other inputs of its batch (and so of how events were
 * batched, live or replayed).
 */
public final class BatchScorer {

    private final OodModel model;
    private final VerdictFunction verdicts;
    private final int fixedRows;
    private final int threads;

    /**
     * @param model the loaded model
     * @param verdicts its decision rule, or null to give logits only (evaluation of an uncalibrated
     *     model)
     * @param fixedRows rows of every forward pass (inputs are padded), or 0 for as many as fit
     * @param threads PyTorch intra-op threads applied before each pass, or 0 to leave them
     */
    public BatchScorer(OodModel model, VerdictFunction verdicts, int fixedRows, int threads) {
        if (fixedRows < 0 || threads < 0) {
            throw new IllegalArgumentException(
                    "fixedRows and threads must be >= 0, were " + fixedRows + ", " + threads);
        }
        this.model = model;
        this.verdicts = verdicts;
        this.fixedRows = fixedRows;
        this.threads = threads;
    }

    /**
     * The outcomes of a batch, and what the forward pass cost.
     *
     * @param outcomes one per input, in order
     * @param forwarded inputs that went through the forward pass
     * @param inferenceNanos time of the forward pass alone
     */
    public record Result(List<Outcome> outcomes, int forwarded, long inferenceNanos) {}

    /**
     * Scores {@code inputs}: at most {@code fixedRows} of them when it is set.
     *
     * @throws IllegalArgumentException for more inputs than {@code fixedRows}
     */
    public Result score(List<EventInput> inputs) {
        if (fixedRows > 0 && inputs.size() > fixedRows) {
            throw new IllegalArgumentException(
                    inputs.size() + " inputs for forward passes of " + fixedRows + " rows");
        }
        int size = model.preprocessor().size();
        boolean withStats = verdicts != null && verdicts.needsPixels();
        Outcome[] outcomes = new Outcome[inputs.size()];
        int[] rowOf = new int[inputs.size()];
        List<double[]> stats = new ArrayList<>();
        float[] values = new float[inputs.size() * size];
        int rows = 0;
        for (int i = 0; i < inputs.size(); i++) {
            try {
                PreparedInput prepared = PreparedInput.of(model, inputs.get(i), withStats);
                System.arraycopy(prepared.values(), 0, values, rows * size, size);
                stats.add(prepared.stats());
                rowOf[i] = rows++;
            } catch (InputException e) {
                outcomes[i] = new Outcome.Failed(e.code(), e.getMessage());
            } catch (RuntimeException e) {
                outcomes[i] = Outcome.Failed.unexpected("preprocessing", e);
            }
        }
        if (rows == 0) {
            return new Result(List.of(outcomes), 0, 0);
        }
        long start = System.nanoTime();
        float[][] logits;
        int passRows = fixedRows > 0 ? fixedRows : rows;
        try {
            if (threads > 0) {
                InferenceThreads.apply(threads);
            }
            // Padding rows are zeros; their logits are computed and dropped.
            logits = model.logits(Arrays.copyOf(values, passRows * size), passRows);
        } catch (RuntimeException e) {
            String message = "model " + model.manifest().name() + " failed: " + e.getMessage();
            for (int i = 0; i < outcomes.length; i++) {
                if (outcomes[i] == null) {
                    outcomes[i] = new Outcome.Failed(ErrorCode.INFERENCE_FAILED, message);
                }
            }
            return new Result(List.of(outcomes), 0, System.nanoTime() - start);
        }
        long nanos = System.nanoTime() - start;
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                outcomes[i] = verdict(logits[rowOf[i]], stats.get(rowOf[i]));
            }
        }
        return new Result(List.of(outcomes), rows, nanos);
    }

    private Outcome verdict(float[] logits, double[] stats) {
        if (verdicts == null) {
            return new Outcome.Scored(logits, null);
        }
        try {
            return new Outcome.Scored(logits, verdicts.apply(logits, stats));
        } catch (InputException e) {
            return new Outcome.Failed(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            return Outcome.Failed.unexpected("scoring", e);
        }
    }
}
