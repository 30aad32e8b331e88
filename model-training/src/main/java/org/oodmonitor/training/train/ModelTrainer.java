package org.oodmonitor.training.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.Sampler;
import ai.djl.training.dataset.SequenceSampler;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Random;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.nn.Backbones;
import org.oodmonitor.training.data.Examples;
import org.oodmonitor.training.data.PermutationSampler;
import org.oodmonitor.training.data.Split;
import org.oodmonitor.training.loss.IsoMaxPlusLoss;

/**
 * Trains a network (IsoMax+ or SoftMax head) with Adam through DJL's {@link EasyTrain} loop,
 * seeded: the split, initialisation and batch order ({@link PermutationSampler}) depend only on the
 * seed. Progress, the best epoch, checkpoints and early stopping are {@code TrainingListener}s.
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

    private static final int VALIDATION_BATCH = 512;

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
        Accuracy accuracy = new Accuracy();
        int batches = (split.train().length + options.batchSize() - 1) / options.batchSize();
        ProgressBar bar = new ProgressBar(progressOut, terminal, options.epochs(), batches);
        EvaluatorTrainingListener evaluations = new EvaluatorTrainingListener();
        BestEpochListener epochs =
                new BestEpochListener(
                        evaluations,
                        accuracy.getName(),
                        bar,
                        progressOut,
                        options.earlyStopPatience(),
                        manifest,
                        options.checkpointDir());
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(loss)
                        .optOptimizer(
                                Optimizer.adam()
                                        .optLearningRateTracker(
                                                Tracker.fixed(options.learningRate()))
                                        .build())
                        .addEvaluator(accuracy)
                        // Order matters: the evaluators' means are updated before they are read.
                        .addTrainingListeners(
                                evaluations, new ProgressListener(bar, accuracy), epochs);
        try (Trainer trainer = model.newTrainer(config);
                NDManager data = trainer.getManager().newSubManager()) {
            trainer.initialize(Backbones.inputShape(manifest.input(), options.batchSize()));
            Sampler.SubSampler shuffle = new PermutationSampler(new Random(options.seed() + 1));
            EasyTrain.fit(
                    trainer,
                    options.epochs(),
                    dataset(data, examples, split.train(), options.batchSize(), shuffle),
                    dataset(
                            data,
                            examples,
                            split.validation(),
                            VALIDATION_BATCH,
                            new SequenceSampler()));
        } catch (BestEpochListener.EarlyStop stop) {
            progressOut.println(stop.getMessage());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (TranslateException e) {
            throw new IOException("training failed: " + e.getMessage(), e);
        }
        epochs.restoreBest(model);
        return new Result(
                model,
                manifest,
                epochs.epochsRun(),
                epochs.bestEpoch(),
                epochs.bestAccuracy(),
                epochs.trainLossByEpoch(),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * The examples at {@code indices} as one in-memory DJL dataset, whose batches are gathered in
     * bulk in the order of {@code order}.
     */
    private static ArrayDataset dataset(
            NDManager manager,
            Examples examples,
            int[] indices,
            int batchSize,
            Sampler.SubSampler order) {
        long[] labels = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = examples.label(indices[i]);
        }
        return new ArrayDataset.Builder()
                .setData(
                        manager.create(
                                examples.inputs(indices),
                                Backbones.inputShape(examples.spec(), indices.length)))
                .optLabels(manager.create(labels))
                .setSampling(new BatchSampler(order, batchSize, false))
                .build();
    }
}
