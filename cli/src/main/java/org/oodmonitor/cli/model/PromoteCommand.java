package org.oodmonitor.cli.model;

import org.oodmonitor.schemas.ModelCommand;
import picocli.CommandLine.Command;

/** Command line: {@code ood-monitor model promote}; the shadow version becomes live. */
@Command(
        name = "promote",
        header = "Make the shadow version live from an event time on.",
        description =
                "The shadow version of MODEL becomes its live version; it has no shadow then.")
public final class PromoteCommand extends ChangeCommand {

    @Override
    String action() {
        return ModelCommand.PROMOTE;
    }
}
