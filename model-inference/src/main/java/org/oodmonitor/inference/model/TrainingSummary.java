package org.oodmonitor.inference.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * How a model was trained and how well it did.
 *
 * @param data the training images or vectors, with the SHA-256 of the file
 * @param dataSha256 SHA-256 of the training data file
 * @param trainCount examples trained on
 * @param validationCount examples held out for validation and calibration
 * @param epochs epochs run
 * @param batchSize batch size
 * @param learningRate Adam learning rate
 * @param seed the random seed
 * @param validationAccuracy accuracy on the held-out validation split
 * @param testAccuracy accuracy on the test set, when one was given
 * @param ood AUROC of the minimum distance score per OOD set, when given
 * @param device where it was trained
 * @param seconds wall time of training
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingSummary(
        String data,
        String dataSha256,
        int trainCount,
        int validationCount,
        int epochs,
        int batchSize,
        double learningRate,
        long seed,
        double validationAccuracy,
        Double testAccuracy,
        Map<String, Double> ood,
        String device,
        double seconds) {}
