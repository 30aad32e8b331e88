package org.oodmonitor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.oodmonitor.job.control.ControlTopic;
import org.oodmonitor.schemas.ModelCommand;

/** Which of the control topic's commands a what-if variant applies. */
class WhatIfTest {

    private static final String SHA = "b".repeat(64);

    private static ModelCommand deploy(String id, String model, long from) {
        return ModelCommand.deploy(id, model, "2.0.0", "/m/" + id, SHA, "live", from, 0);
    }

    private final ControlTopic.Read read =
            new ControlTopic.Read(
                    List.of(
                            deploy("f2", "fashion", 100),
                            deploy("v2", "vectors", 150),
                            ModelCommand.of("f-retire", "retire", "fashion", "2.0.0", 200, 0)),
                    3,
                    7);

    @Test
    void aVariantModelReplacesItsModelOverTheWholeRangeAndKeepsTheOthersCommands() {
        ControlTopic.Read variant = WhatIf.of("model:fashion", "/models/v9").control(read);

        assertThat(variant.accepted()).extracting(ModelCommand::commandId).containsExactly("v2");
        assertThat(variant.end()).isEqualTo(7);
        assertThat(variant.rejected()).isEqualTo(3);
    }

    @Test
    void aVariantThresholdKeepsEveryCommand() {
        assertThat(WhatIf.of("threshold:fashion", "-2.5").control(read)).isEqualTo(read);
    }
}
