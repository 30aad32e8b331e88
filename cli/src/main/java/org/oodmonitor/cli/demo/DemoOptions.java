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
     * @return the options, or null when help was asked for
     * @throws IllegalArgumentException for a bad option or a missing directory
     */
    static DemoOptions parse(String[] args) {
        long events = -1;
        int rate = 40;
        String bootstrap = null;
        Path home = Path.of(System.getenv().getOrDefault("OOD_HOME", "."));
        Path model = home.resolve("models/fashion-mnist-isomax");
        Path vectorModel = home.resolve("models/fashion-pooled-vectors");
        Path samples = home.resolve("samples");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--events" -> events = positive(value(args, ++i, "--events"), "--events");
                case "--rate" -> rate = (int) positive(value(args, ++i, "--rate"), "--rate");
                case "--bootstrap-servers" -> bootstrap = value(args, ++i, "--bootstrap-servers");
                case "--model" -> model = Path.of(value(args, ++i, "--model"));
                case "--vector-model" -> vectorModel = Path.of(value(args, ++i, "--vector-model"));
                case "--samples" -> samples = Path.of(value(args, ++i, "--samples"));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
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

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static long positive(String text, String option) {
        try {
            long v = Long.parseLong(text);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                option + " must be a positive number, was '" + text + "'");
    }
}
