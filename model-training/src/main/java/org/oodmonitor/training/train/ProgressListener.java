package org.oodmonitor.training.train;

import ai.djl.training.Trainer;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;

/**
 * Draws the {@link ProgressBar} after each training batch from the running means of the epoch that
 * DJL's {@link EvaluatorTrainingListener} keeps (add this listener after that one).
 */
final class ProgressListener extends TrainingListenerAdapter {

    private final ProgressBar bar;
    private final Evaluator accuracy;
    private int epoch = 1;
    private int batch;

    ProgressListener(ProgressBar bar, Evaluator accuracy) {
        this.bar = bar;
        this.accuracy = accuracy;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        batch++;
        bar.update(
                epoch,
                batch,
                trainer.getLoss().getAccumulator(EvaluatorTrainingListener.TRAIN_EPOCH),
                accuracy.getAccumulator(EvaluatorTrainingListener.TRAIN_EPOCH));
    }

    @Override
    public void onEpoch(Trainer trainer) {
        epoch++;
        batch = 0;
    }
}
