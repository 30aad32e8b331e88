package org.oodmonitor.cli.model;

import org.oodmonitor.schemas.ModelCommand;
import picocli.CommandLine.Command;

/** Command line: {@code ood-monitor model retire}; a version stops serving (a rollback). */
@Command(
        name = "retire",
        header = "Stop serving a version from an event time on; retiring the live one rolls back.",
        description =
                "Retiring the shadow version stops shadow scoring; retiring the live version makes"
                        + " the live version before it serve again. The last live version of a"
                        + " model cannot be retired.")
public final class RetireCommand extends ChangeCommand {

    @Override
    String action() {
        return ModelCommand.RETIRE;
    }
}
