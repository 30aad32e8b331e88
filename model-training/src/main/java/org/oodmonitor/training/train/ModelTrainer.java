package org.oodmonitor.training.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.nn.Backbones;
import org.oodmonitor.training.data.Examples;
import org.oodmonitor.training.data.Split;
import org.oodmonitor.training.loss.IsoMaxPlusLoss;

/**
 * Trains a network (IsoMax+ or SoftMax head) with Adam, seeded: the split, initialisation and
 * shuffling depend only on the seed. Saves a checkpoint each epoch and can stop early.
 */
public final class ModelTrainer {

    /**
     * The trained model, its manifest (without calibration), and how training went.
     *
     * @param model the trained DJL model; the caller closes it
     * @param manifest its manifest
     * @param epochsRun epochs actually run
     * @param bestEpoch the epoch whose parameters the model holds
     * @param validationAccuracy accuracy of those parameters on the validation split
     * @param lossByEpoch mean training loss of each epoch run
     * @param seconds wall time
     */
    public record Result(
            Model model,
            ModelManifest manifest,
            int epochsRun,
            int bestEpoch,
            double validationAccuracy,
            double[] lossByEpoch,
            double seconds) {}

    private final TrainOptions options;
    private final PrintStream progressOut;
    private final boolean terminal;

    public ModelTrainer(TrainOptions options, PrintStream progressOut, boolean terminal) {
        this.options = options;
        this.progressOut = progressOut;
        this.terminal = terminal;
    }

    /** Trains on {@code split.train()} of {@code examples}, validating on the rest. */
    public Result train(Examples examples, Split split, ModelManifest manifest) throws IOException {
        long start = System.nanoTime();
        Engine.getInstance().setRandomSeed((int) options.seed());
        Model model = Model.newInstance(options.name());
        model.setBlock(Backbones.network(manifest));
        Loss loss =
                ModelManifest.ISOMAX_PLUS.equals(options.head())
                        ? new IsoMaxPlusLoss("IsoMaxPlusLoss", options.entropicScale())
                        : Loss.softmaxCrossEntropyLoss();
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(loss)
                        .optOptimizer(
                                Optimizer.adam()
                                        .optLearningRateTracker(
                                                Tracker.fixed(options.learningRate()))
                                        .build());
        int batches = (split.train().length + options.batchSize() - 1) / options.batchSize();
        ProgressBar bar = new ProgressBar(progressOut, terminal, options.epochs(), batches);
        Random shuffle = new Random(options.seed() + 1);
        double[] lossByEpoch = new double[options.epochs()];
        double bestAccuracy = -1;
        int bestEpoch = 0;
        int epoch = 0;
        Map<String, float[]> best = Map.of();
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(Backbones.inputShape(manifest.input(), options.batchSize()));
            while (epoch < options.epochs()) {
                epoch++;
                lossByEpoch[epoch - 1] =
                        runEpoch(trainer, examples, split.train(), shuffle, bar, epoch);
                double[] validation = validate(trainer, examples, split.validation());
                boolean improved = validation[1] > bestAccuracy;
                if (improved) {
                    bestAccuracy = validation[1];
                    bestEpoch = epoch;
                    best = snapshot(model);
                }
                saveCheckpoint(model, manifest, epoch);
                bar.endEpoch(
                        String.format(
                                Locale.ROOT,
                                "epoch %d: train loss %.4f, validation loss %.4f, validation"
                                        + " accuracy %.4f%s",
                                epoch,
                                lossByEpoch[epoch - 1],
                                validation[0],
                                validation[1],
                                improved ? " (best)" : ""));
                if (options.earlyStopPatience() > 0
                        && epoch - bestEpoch >= options.earlyStopPatience()) {
                    progressOut.printf(
                            "early stop: no better validation accuracy for %d epochs%n",
                            options.earlyStopPatience());
                    break;
                }
            }
        }
        if (bestEpoch != epoch) {
            restore(model, best);
            progressOut.printf("restored epoch %d, the best on validation%n", bestEpoch);
        }
        return new Result(
                model,
                manifest,
                epoch,
                bestEpoch,
                bestAccuracy,
                Arrays.copyOf(lossByEpoch, epoch),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * One pass over the shuffled training split. Hand-written rather than DJL's {@code
     * EasyTrain.fit}: the examples are in-memory arrays indexed by a per-epoch permutation (no
     * {@code Dataset}), and the progress bar needs each batch's loss and accuracy, which {@code
     * EasyTrain.trainBatch} does not return; the five lines of forward, loss, backward and step are
     * the same either way. Best-epoch restore and early stopping live in {@link #train}.
     */
    private double runEpoch(
            Trainer trainer,
            Examples examples,
            int[] train,
            Random shuffle,
            ProgressBar bar,
            int epoch) {
        int[] order = Split.permutation(train.length, shuffle);
        double lossSum = 0;
        long correct = 0;
        int seen = 0;
        int batches = (train.length + options.batchSize() - 1) / options.batchSize();
        for (int b = 0; b < batches; b++) {
            int from = b * options.batchSize();
            int size = Math.min(options.batchSize(), train.length - from);
            int[] indices = new int[size];
            for (int i = 0; i < size; i++) {
                indices[i] = train[order[from + i]];
            }
            try (NDManager batch = trainer.getManager().newSubManager()) {
                NDArray x = inputs(batch, examples, indices);
                NDArray y = batch.create(labels(examples, indices));
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                    NDArray value = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
                    collector.backward(value);
                    lossSum += value.getFloat() * size;
                    correct += correct(logits, y);
                }
                trainer.step();
            }
            seen += size;
            bar.update(epoch, b + 1, lossSum / seen, (double) correct / seen);
        }
        return lossSum / seen;
    }

    /** Mean loss and accuracy on the validation split. */
    private double[] validate(Trainer trainer, Examples examples, int[] validation) {
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < validation.length; from += 512) {
            int size = Math.min(512, validation.length - from);
            int[] indices = Arrays.copyOfRange(validation, from, from + size);
            try (NDManager batch = trainer.getManager().newSubManager()) {
                NDArray x = inputs(batch, examples, indices);
                NDArray y = batch.create(labels(examples, indices));
                NDArray logits = trainer.evaluate(new NDList(x)).singletonOrThrow();
                lossSum +=
                        trainer.getLoss().evaluate(new NDList(y), new NDList(logits)).getFloat()
                                * size;
                correct += correct(logits, y);
            }
        }
        return new double[] {lossSum / validation.length, (double) correct / validation.length};
    }

    /** Copies of every parameter's values, by parameter id. */
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

    private static void restore(Model model, Map<String, float[]> values) {
        model.getBlock()
                .getParameters()
                .forEach(
                        p ->
                                p.getValue()
                                        .getArray()
                                        .set(FloatBuffer.wrap(values.get(p.getValue().getId()))));
    }

    private static NDArray inputs(NDManager batch, Examples examples, int[] indices) {
        return batch.create(
                examples.inputs(indices), Backbones.inputShape(examples.spec(), indices.length));
    }

    /** How many rows of {@code logits} predict their label in {@code y}. */
    private static long correct(NDArray logits, NDArray y) {
        return logits.argMax(1).toType(DataType.INT64, false).eq(y).sum().getLong();
    }

    private static long[] labels(Examples examples, int[] indices) {
        long[] labels = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = examples.label(indices[i]);
        }
        return labels;
    }

    private void saveCheckpoint(Model model, ModelManifest manifest, int epoch) throws IOException {
        if (options.checkpointDir() != null) {
            ModelArtifact.save(checkpoint(epoch), model, manifest);
        }
    }

    private Path checkpoint(int epoch) {
        return options.checkpointDir().resolve(String.format(Locale.ROOT, "epoch-%03d", epoch));
    }
}
