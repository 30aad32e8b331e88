package org.oodmonitor.cli.model;

import java.util.concurrent.Callable;
import org.oodmonitor.cli.HelpOption;
import org.oodmonitor.schemas.ModelCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Command line: {@code ood-monitor model cancel}; undoes a model's last change before it applies.
 */
@Command(
        name = "cancel",
        header = "Undo a model's last change before it takes effect.",
        description =
                "Writes a cancel of the accepted command --command ID, as if it had never been"
                        + " accepted: the operator's way out of a mistaken change, such as one far"
                        + " in the future that refuses every earlier change of its model. Only a"
                        + " model's last change can be cancelled, and only while its effective"
                        + " time is more than ood.event-time.max-future plus"
                        + " ood.control.verify-timeout (10 minutes by default) away; cancel newer"
                        + " changes first, and replace one about to take effect by a new change.")
public final class CancelCommand implements Callable<Integer> {

    @Option(
            names = "--command",
            required = true,
            paramLabel = "ID",
            description = "The id of the accepted command to undo (see 'model status').")
    private String target;

    @Mixin private ControlOptions control;

    @Mixin private HelpOption help;

    @Spec private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long now = System.currentTimeMillis();
        ControlWriter.write(
                control.config(),
                timeline -> {
                    ModelCommand undone =
                            timeline.command(target)
                                    .orElseThrow(
                                            () ->
                                                    new IllegalArgumentException(
                                                            "the job never accepted a command "
                                                                    + target));
                    return ModelCommand.cancel(
                            control.id(ModelCommand.CANCEL, target, now),
                            control.name(),
                            undone.modelVersion(),
                            target,
                            control.effectiveFrom(now, 0),
                            now);
                },
                spec.commandLine().getErr());
        return 0;
    }
}
