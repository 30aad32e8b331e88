package org.oodmonitor.cli.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo's command-line options.
 *
 * @param events events to send, or -1 to run until interrupted
 * @param rate events per second
 * @param bootstrap an existing broker, or null to start one
 * @param model the image model directory
 * @param vectorModel the vector model directory
 * @param samples the samples directory
 */
record DemoOptions(
        long events, int rate, String bootstrap, Path model, Path vectorModel, Path samples) {

    /**
     * Validated options.
     *
     * @param events events to send, or -1 to run until interrupted
     * @throws IllegalArgumentException for a non-positive count or rate, or a missing directory
     */
    static DemoOptions of(
            long events, int rate, String bootstrap, Path model, Path vectorModel, Path samples) {
        if (events == 0 || events < -1) {
            throw new IllegalArgumentException(
                    "--events must be a positive number, was '" + events + "'");
        }
        if (rate <= 0) {
            throw new IllegalArgumentException(
                    "--rate must be a positive number, was '" + rate + "'");
        }
        if (!Files.isDirectory(model)) {
            throw new IllegalArgumentException("no model directory at " + model);
        }
        if (!Files.isDirectory(vectorModel)) {
            throw new IllegalArgumentException("no model directory at " + vectorModel);
        }
        if (!Files.isDirectory(samples)) {
            throw new IllegalArgumentException("no samples directory at " + samples);
        }
        return new DemoOptions(events, rate, bootstrap, model, vectorModel, samples);
    }
}
