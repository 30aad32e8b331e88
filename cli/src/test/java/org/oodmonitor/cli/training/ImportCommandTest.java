package org.oodmonitor.cli.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.cli.OodMonitorCommand;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;

/** {@code ood-monitor import} of the committed TorchScript example, and its one-line refusals. */
class ImportCommandTest {

    private static final String NETWORK = "../examples/torchscript/fashion32-isomax.pt";
    private static final String LABELS =
            "T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot";

    @TempDir Path tmp;

    private final CommandTestSupport command =
            new CommandTestSupport(
                    (args, out, err) ->
                            CommandRunner.run(OodMonitorCommand.commandLine(), args, out, err));

    @Test
    void theExampleIsImportedAsAVerifiedModelDirectory() throws Exception {
        Path out = tmp.resolve("fashion32");

        int code =
                command.run(
                        "import",
                        "--torchscript",
                        NETWORK,
                        "--out",
                        out.toString(),
                        "--name",
                        "fashion32",
                        "--input",
                        "3x32x32",
                        "--labels",
                        LABELS);

        assertThat(code).as(command.err()).isZero();
        assertThat(command.out()).contains("Imported fashion32 1.0.0 (10 classes, input 3x32x32)");
        ModelManifest manifest = ModelArtifact.readVerified(out);
        assertThat(manifest.input().channels()).isEqualTo(3);
        assertThat(manifest.classLabels()).hasSize(10).startsWith("T-shirt/top");
        assertThat(manifest.calibration()).isNull();
    }

    @Test
    void aBadFileOrShapeIsOneLineAndExitTwo() throws Exception {
        Path text = Files.writeString(tmp.resolve("model.pt"), "not a network");
        String[][] bad = {
            {"--torchscript", text.toString(), "--input", "3x32x32", "--labels", LABELS},
            {"--torchscript", NETWORK, "--input", "3x32", "--labels", LABELS},
            {"--torchscript", NETWORK, "--input", "3x64x64", "--labels", LABELS},
            {"--torchscript", NETWORK, "--input", "3x32x32", "--labels", "a,b,c"},
        };
        for (String[] args : bad) {
            String[] all = new String[args.length + 5];
            all[0] = "import";
            System.arraycopy(args, 0, all, 1, args.length);
            all[args.length + 1] = "--out";
            all[args.length + 2] = tmp.resolve("out").toString();
            all[args.length + 3] = "--name";
            all[args.length + 4] = "m";

            assertThat(command.run(all)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(command.err().strip()).as(String.join(" ", args)).doesNotContain("\n");
            assertThat(tmp.resolve("out")).doesNotExist();
        }
    }
}
