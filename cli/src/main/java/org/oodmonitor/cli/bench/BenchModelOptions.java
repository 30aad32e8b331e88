package org.oodmonitor.cli.bench;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** A user's image model to bench instead of the committed one, and the image files it gets. */
final class BenchModelOptions {

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description =
                    "Bench this image model directory (an imported network or a train --backbone"
                            + " model, of any input size) instead of the committed 28x28 one;"
                            + " its events carry the image files of --traffic.")
    Path model;

    @Option(
            names = "--traffic",
            paramLabel = "DIR",
            description =
                    "The PNG or JPEG files the events of --model carry, cycled (default: the"
                            + " committed examples/torchscript/images/val).")
    Path traffic;
}
