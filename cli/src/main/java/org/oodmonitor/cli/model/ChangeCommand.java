package org.oodmonitor.cli.model;

import java.util.concurrent.Callable;
import org.oodmonitor.cli.HelpOption;
import org.oodmonitor.schemas.ModelCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code promote} and {@code retire} commands: an action on a version already served. */
abstract class ChangeCommand implements Callable<Integer> {

    @Option(
            names = "--version",
            required = true,
            paramLabel = "VERSION",
            description = "The version, as its manifest states it.")
    private String version;

    @Mixin private ControlOptions control;

    @Mixin private HelpOption help;

    @Spec private picocli.CommandLine.Model.CommandSpec spec;

    abstract String action();

    @Override
    public Integer call() throws Exception {
        long now = System.currentTimeMillis();
        ModelCommand command =
                ModelCommand.of(
                        control.id(action(), version, now),
                        action(),
                        control.name(),
                        version,
                        control.effectiveFrom(now),
                        now);
        ControlWriter.write(control.config(), command, spec.commandLine().getErr());
        return 0;
    }
}
