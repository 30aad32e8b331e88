package org.oodmonitor.cli.training;

import java.util.List;
import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.model.Preprocessing;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options that say what a TorchScript network takes and how an image of any size and colour
 * becomes it (torchvision's Resize, CenterCrop, ToTensor and Normalize), shared by {@code import}
 * and {@code train --backbone}.
 */
public final class InputOptions {

    @Option(
            names = "--input",
            paramLabel = "SHAPE",
            description =
                    "What the network takes: CxHxW for images (for example 3x32x32), or vector:D.")
    private String input;

    @Option(
            names = "--resize",
            paramLabel = "N",
            description =
                    "Resize the shorter side of every image to N pixels first, as torchvision's"
                            + " Resize(N) (default: no resize).")
    private Integer resize;

    @Option(
            names = "--interpolation",
            defaultValue = "bilinear",
            paramLabel = "NAME",
            description = "bilinear or bicubic, PIL's filters (default: ${DEFAULT-VALUE}).")
    private String interpolation;

    @Option(
            names = "--mean",
            split = ",",
            paramLabel = "M",
            description =
                    "Per-channel mean of values scaled to [0, 1], as torchvision's Normalize"
                            + " (one value, or one per channel; default 0).")
    private List<Float> mean;

    @Option(
            names = "--std",
            split = ",",
            paramLabel = "S",
            description = "Per-channel standard deviation, as Normalize (default 1).")
    private List<Float> std;

    @Option(
            names = "--channel-order",
            defaultValue = "rgb",
            paramLabel = "ORDER",
            description =
                    "rgb or bgr: the order of the network's 3 channels (default:"
                            + " ${DEFAULT-VALUE}).")
    private String channelOrder;

    /** Whether the shape or a preprocessing option with no default was given. */
    public boolean anyGiven() {
        return input != null || resize != null || mean != null || std != null;
    }

    /** The shape as given, or null when none was. */
    public String shape() {
        return input;
    }

    /**
     * The input these options describe.
     *
     * @throws ParameterException for a shape or per-channel list that does not parse
     */
    public InputSpec spec(CommandSpec spec) {
        if (input == null) {
            throw new ParameterException(
                    spec.commandLine(), "Missing required option: '--input=SHAPE'");
        }
        try {
            if (input.startsWith("vector:")) {
                return InputSpec.vector(positive(input.substring("vector:".length())));
            }
            String[] parts = input.split("x");
            if (parts.length == 3) {
                int channels = positive(parts[0]);
                int height = positive(parts[1]);
                int width = positive(parts[2]);
                if (channels == 1 || channels == 3) {
                    return new InputSpec(
                            InputSpec.IMAGE,
                            height,
                            width,
                            channels,
                            null,
                            null,
                            null,
                            new Preprocessing(
                                    resize,
                                    interpolation,
                                    List.of(height, width),
                                    perChannel(spec, mean, channels, 0f, "--mean"),
                                    perChannel(spec, std, channels, 1f, "--std"),
                                    channels == 3 ? channelOrder : null));
                }
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw new ParameterException(
                spec.commandLine(),
                "--input must be CxHxW with C 1 or 3 (for example 3x32x32) or vector:D, was '"
                        + input
                        + "'");
    }

    /** {@code values}, one per channel; a single value for every channel; none: {@code fill}. */
    private static List<Float> perChannel(
            CommandSpec spec, List<Float> values, int channels, float fill, String option) {
        if (values == null || values.isEmpty()) {
            return java.util.Collections.nCopies(channels, fill);
        }
        if (values.size() == 1) {
            return java.util.Collections.nCopies(channels, values.get(0));
        }
        if (values.size() != channels) {
            throw new ParameterException(
                    spec.commandLine(),
                    option + " needs 1 or " + channels + " values, got " + values.size());
        }
        return values;
    }

    private static int positive(String text) {
        int value = Integer.parseInt(text.strip());
        if (value < 1 || value > 16_384) {
            throw new NumberFormatException(text);
        }
        return value;
    }
}
