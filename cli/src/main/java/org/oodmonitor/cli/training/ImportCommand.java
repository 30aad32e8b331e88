package org.oodmonitor.cli.training;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.oodmonitor.cli.HelpOption;
import org.oodmonitor.inference.model.ModelImport;
import org.oodmonitor.inference.model.ModelManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Mixin private InputOptions inputOptions;

    @Mixin private HelpOption help;

    @Spec private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelManifest manifest;
        try {
            manifest =
                    new ModelImport(torchscript, name, version, inputOptions.spec(spec), labels)
                            .into(out);
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
                        inputOptions.shape(),
                        out);
        return 0;
    }
}
