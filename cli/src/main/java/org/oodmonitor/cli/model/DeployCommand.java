package org.oodmonitor.cli.model;

import java.util.concurrent.Callable;
import org.oodmonitor.cli.HelpOption;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.job.scoring.ModelLocation;
import org.oodmonitor.schemas.ModelCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Command line: {@code ood-monitor model deploy}; a new live version of a served model. */
@Command(
        name = "deploy",
        header = "Deploy a new live version of a served model while the job runs.",
        description =
                "Checks the model directory (manifest, every file's checksum, input shape,"
                        + " calibrated threshold) and the control topic's commands so far, then"
                        + " writes a deploy command: from the effective time on, events of the"
                        + " model are scored by this version. Retire it to roll back.")
public class DeployCommand implements Callable<Integer> {

    @Option(
            names = "--dir",
            required = true,
            paramLabel = "DIR",
            description =
                    "The version's model directory, as the job's machines see it (a path or a"
                            + " URI of Flink's file systems).")
    private String dir;

    @Mixin private ControlOptions control;

    @Mixin private HelpOption help;

    @Spec private picocli.CommandLine.Model.CommandSpec spec;

    /** The role the version gets. */
    protected String role() {
        return ModelCommand.LIVE;
    }

    @Override
    public Integer call() throws Exception {
        ModelManifest manifest;
        String sha;
        try (ModelLocation location = ModelLocation.of(dir)) {
            manifest = ModelArtifact.readVerified(location.local());
            sha = ModelArtifact.manifestSha256(location.local());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(dir + ": " + e.getMessage(), e);
        }
        long now = System.currentTimeMillis();
        ModelCommand command =
                ModelCommand.deploy(
                        control.id(ModelCommand.DEPLOY, manifest.version(), now),
                        control.name(),
                        manifest.version(),
                        ModelLocation.absolute(dir),
                        sha,
                        role(),
                        control.effectiveFrom(now),
                        now);
        ControlWriter.write(control.config(), command, spec.commandLine().getErr());
        return 0;
    }
}
