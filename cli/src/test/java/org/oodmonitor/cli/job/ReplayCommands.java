package org.oodmonitor.cli.job;

import java.io.IOException;
import org.oodmonitor.audit.ReplayRequest;

/** Gives tests in other packages the replay command's argument parser. */
public final class ReplayCommands {

    private ReplayCommands() {}

    public static ReplayRequest parse(String... args) throws IOException {
        return ReplayCommand.parse(args);
    }
}
