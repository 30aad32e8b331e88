package org.oodmonitor.cli.model;

import org.oodmonitor.schemas.ModelCommand;
import picocli.CommandLine.Command;

/** Command line: {@code ood-monitor model shadow}; a version that scores beside the live one. */
@Command(
        name = "shadow",
        header = "Deploy a shadow version that scores beside the live one.",
        description =
                "Like 'deploy', but the version scores the same events into the shadow-scores"
                        + " topic only (never alerts or windows) until 'promote' makes it live or"
                        + " 'retire' removes it.")
public final class ShadowCommand extends DeployCommand {

    @Override
    protected String role() {
        return ModelCommand.SHADOW;
    }
}
