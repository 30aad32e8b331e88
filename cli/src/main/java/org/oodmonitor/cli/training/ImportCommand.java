package org.oodmonitor.cli.training;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.oodmonitor.cli.HelpOption;
import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.model.ModelImport;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.model.Preprocessing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Command line: {@code ood-monitor import}; a PyTorch network as a model directory. */
@Command(
        name = "import",
        header = "Import a PyTorch network saved as TorchScript as a model directory.",
        description = {
            "Copies --torchscript FILE (what torch.jit.save wrote for a network whose last layer is"
                + " IsoMax+: its output is one IsoMax+ logit per class) into --out DIR as model.pt,"
                + " with a manifest.json that records its SHA-256, the input it takes and its class"
                + " labels, after running it once on a probe input. A file that is not TorchScript,"
                + " or whose output is not one finite, non-positive logit per label, is refused in"
                + " one line and leaves nothing.",
            "Images of any size and colour then become the network's input as torchvision's"
                    + " transforms make them of a PIL image converted to RGB (or L): --resize of"
                    + " the shorter side, a centre crop to the input's HxW, ToTensor and Normalize"
                    + " with --mean and --std.",
            "The directory is not yet calibrated."
        },
        sortOptions = false)
public final class ImportCommand implements Callable<Integer> {

    @Option(
            names = "--torchscript",
            required = true,
            paramLabel = "FILE",
            description = "The TorchScript file (torch.jit.save of a traced or scripted network).")
    private Path torchscript;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "The model directory to write; must not exist or be empty.")
    private Path out;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "SHAPE",
            description =
                    "What the network takes: CxHxW for images (for example 3x32x32), or vector:D.")
    private String input;

    @Option(
            names = "--labels",
            required = true,
            split = ",",
            paramLabel = "LABEL",
            description = "One class label per output column, in order, comma-separated.")
    private List<String> labels;

    @Option(
            names = "--name",
            required = true,
            paramLabel = "NAME",
            description = "The model's name, as events name it.")
    private String name;

    @Option(
            names = "--version",
            defaultValue = "1.0.0",
            paramLabel = "VERSION",
            description = "The model's version (default: ${DEFAULT-VALUE}).")
    private String version;

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

    @Mixin private HelpOption help;

    @Spec private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelManifest manifest;
        try {
            manifest = new ModelImport(torchscript, name, version, inputSpec(), labels).into(out);
        } catch (java.io.IOException e) {
            // The file or the shape the user gave: a usage error, exit 2.
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "Imported %s %s (%d classes, input %s) into %s; calibrate it next.%n",
                        manifest.name(),
                        manifest.version(),
                        manifest.classLabels().size(),
                        input,
                        out);
        return 0;
    }

    private InputSpec inputSpec() {
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
                                    perChannel(mean, channels, 0f, "--mean"),
                                    perChannel(std, channels, 1f, "--std"),
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
    private List<Float> perChannel(List<Float> values, int channels, float fill, String option) {
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
