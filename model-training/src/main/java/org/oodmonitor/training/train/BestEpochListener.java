package org.oodmonitor.training.train;

import ai.djl.Model;
import ai.djl.training.Trainer;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;

/**
 * At the end of each epoch: reads the epoch's losses and validation accuracy from DJL's {@link
 * EvaluatorTrainingListener} (add this listener after that one), keeps a copy of the parameters of
 * the best epoch on validation accuracy, saves a checkpoint, prints the epoch's line, and stops
 * training early (with {@link EarlyStop}) after {@code patience} epochs without improvement. DJL's
 * own {@code EarlyStoppingListener} watches the validation loss; the model is chosen on accuracy.
 */
final class BestEpochListener extends TrainingListenerAdapter {

    /** Thrown out of {@code EasyTrain.fit} to stop training, as DJL's early stopping does. */
    static final class EarlyStop extends RuntimeException {
        EarlyStop(String message) {
            super(message, null, false, false);
        }
    }

    private final EvaluatorTrainingListener evaluations;
    private final String accuracyName;
    private final ProgressBar bar;
    private final PrintStream out;
    private final int patience;
    private final ModelManifest manifest;
    private final Path checkpointDir;
    private final List<Double> trainLoss = new ArrayList<>();
    private Map<String, float[]> best = Map.of();
    private double bestAccuracy = -1;
    private int bestEpoch;

    /**
     * @param patience epochs without better validation accuracy before stopping; 0 for never
     * @param checkpointDir where each epoch's model is saved, or null
     */
    BestEpochListener(
            EvaluatorTrainingListener evaluations,
            String accuracyName,
            ProgressBar bar,
            PrintStream out,
            int patience,
            ModelManifest manifest,
            Path checkpointDir) {
        this.evaluations = evaluations;
        this.accuracyName = accuracyName;
        this.bar = bar;
        this.out = out;
        this.patience = patience;
        this.manifest = manifest;
        this.checkpointDir = checkpointDir;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        Map<String, Float> latest = evaluations.getLatestEvaluations();
        int epoch = trainLoss.size() + 1;
        trainLoss.add((double) latest.get("train_loss"));
        double accuracy = latest.get("validate_" + accuracyName);
        boolean improved = accuracy > bestAccuracy;
        if (improved) {
            bestAccuracy = accuracy;
            bestEpoch = epoch;
            best = snapshot(trainer.getModel());
        }
        saveCheckpoint(trainer.getModel(), epoch);
        bar.endEpoch(
                String.format(
                        Locale.ROOT,
                        "epoch %d: train loss %.4f, validation loss %.4f, validation accuracy"
                                + " %.4f%s",
                        epoch,
                        latest.get("train_loss"),
                        latest.get("validate_loss"),
                        accuracy,
                        improved ? " (best)" : ""));
        if (patience > 0 && epoch - bestEpoch >= patience) {
            throw new EarlyStop(
                    String.format(
                            Locale.ROOT,
                            "early stop: no better validation accuracy for %d epochs",
                            patience));
        }
    }

    /** Puts the best epoch's parameters back into {@code model} unless the last epoch was best. */
    void restoreBest(Model model) {
        if (bestEpoch != trainLoss.size()) {
            model.getBlock()
                    .getParameters()
                    .forEach(
                            p ->
                                    p.getValue()
                                            .getArray()
                                            .set(FloatBuffer.wrap(best.get(p.getValue().getId()))));
            out.printf("restored epoch %d, the best on validation%n", bestEpoch);
        }
    }

    int epochsRun() {
        return trainLoss.size();
    }

    int bestEpoch() {
        return bestEpoch;
    }

    double bestAccuracy() {
        return bestAccuracy;
    }

    double[] trainLossByEpoch() {
        return trainLoss.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static Map<String, float[]> snapshot(Model model) {
        Map<String, float[]> values = new HashMap<>();
        model.getBlock()
                .getParameters()
                .forEach(
                        p ->
                                values.put(
                                        p.getValue().getId(),
                                        p.getValue().getArray().toFloatArray()));
        return values;
    }

    private void saveCheckpoint(Model model, int epoch) {
        if (checkpointDir == null) {
            return;
        }
        try {
            ModelArtifact.save(
                    checkpointDir.resolve(String.format(Locale.ROOT, "epoch-%03d", epoch)),
                    model,
                    manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
