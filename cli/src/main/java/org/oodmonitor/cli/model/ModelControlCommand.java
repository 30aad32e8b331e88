package org.oodmonitor.cli.model;

import org.oodmonitor.cli.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Command line: {@code ood-monitor model}; changes the served model versions of a running job. */
@Command(
        name = "model",
        header = "Deploy, shadow, promote, retire and cancel model versions while the job runs.",
        description =
                "Writes commands to the job's control topic (ood.topics.control) and reads what"
                        + " became of them (ood.topics.control-status). Each change applies from"
                        + " an event time on, in the live job and in every replay alike. The"
                        + " subcommands take --name MODEL, --dir DIR (deploy, shadow) or --version"
                        + " VERSION (promote, retire) or --command ID (cancel), --effective-from"
                        + " TIME (within ood.control.max-lead and max-lag of now), --id ID, and the"
                        + " job's options as --config FILE and --set KEY=VALUE; see 'model"
                        + " SUBCOMMAND --help'.",
        subcommands = {
            DeployCommand.class,
            ShadowCommand.class,
            PromoteCommand.class,
            RetireCommand.class,
            CancelCommand.class,
            StatusCommand.class
        })
public final class ModelControlCommand implements Runnable {

    @Mixin private HelpOption help;

    @picocli.CommandLine.Spec private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(),
                "name a subcommand: deploy, shadow, promote, retire, cancel, status");
    }
}
