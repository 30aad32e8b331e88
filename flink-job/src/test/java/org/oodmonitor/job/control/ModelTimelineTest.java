package org.oodmonitor.job.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oodmonitor.schemas.ModelCommand;

/** The timeline's answers and refusals, command by command. */
class ModelTimelineTest {

    private static final Map<String, String> CONFIGURED = Map.of("fashion", "1.0.0");
    private static final String SHA = "a".repeat(64);

    private static ModelCommand deploy(String id, String version, String role, long from) {
        return ModelCommand.deploy(id, "fashion", version, "/m/" + version, SHA, role, from, 0);
    }

    private static ModelCommand command(String id, String action, String version, long from) {
        return ModelCommand.of(id, action, "fashion", version, from, 0);
    }

    @Test
    void configuredVersionServesUntilTheFirstChangeAndTheSplitIsAtTheEffectiveTime() {
        ModelTimeline timeline =
                ModelTimeline.empty(CONFIGURED).with(deploy("d2", "2.0.0", "live", 100));

        assertThat(timeline.at("fashion", 99).live()).isEqualTo(ModelTimeline.CONFIGURED);
        assertThat(timeline.at("fashion", 100).live()).isEqualTo("d2");
        assertThat(timeline.at("fashion", Long.MAX_VALUE).live()).isEqualTo("d2");
        assertThat(timeline.at("other", 100).live()).isEqualTo(ModelTimeline.CONFIGURED);
        assertThat(timeline.servesUntil("fashion", ModelTimeline.CONFIGURED)).isEqualTo(100);
        assertThat(timeline.servesUntil("fashion", "d2")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void retiringTheLiveVersionRollsBackAndTheLastLiveVersionCannotBeRetired() {
        ModelTimeline timeline =
                ModelTimeline.empty(CONFIGURED)
                        .with(deploy("d2", "2.0.0", "live", 100))
                        .with(deploy("d3", "3.0.0", "live", 200))
                        .with(command("r3", "retire", "3.0.0", 300));

        assertThat(timeline.at("fashion", 250).live()).isEqualTo("d3");
        assertThat(timeline.at("fashion", 300).live()).isEqualTo("d2");
        assertThat(timeline.servesUntil("fashion", "d3")).isEqualTo(300);
        ModelTimeline configuredRetired = timeline.with(command("r1", "retire", "1.0.0", 400));
        assertThat(configuredRetired.at("fashion", 400).live()).isEqualTo("d2");
        assertThat(configuredRetired.refusal(command("r2", "retire", "2.0.0", 500)))
                .hasValueSatisfying(r -> assertThat(r).contains("without a live version"));
        assertThat(timeline.refusal(command("r9", "retire", "9.0.0", 500)))
                .hasValueSatisfying(
                        r -> assertThat(r).contains("9.0.0 is not served").contains("2.0.0"));
    }

    @Test
    void aShadowServesBesideTheLiveVersionUntilPromotedOrRetired() {
        ModelTimeline timeline =
                ModelTimeline.empty(CONFIGURED)
                        .with(deploy("s2", "2.0.0", "shadow", 100))
                        .with(command("p2", "promote", "2.0.0", 200));

        assertThat(timeline.at("fashion", 150))
                .isEqualTo(new ModelTimeline.Serving(ModelTimeline.CONFIGURED, "s2"));
        assertThat(timeline.at("fashion", 200)).isEqualTo(new ModelTimeline.Serving("s2", null));
        assertThat(timeline.refusal(command("p3", "promote", "2.0.0", 300)))
                .hasValueSatisfying(r -> assertThat(r).contains("it has none"));

        ModelTimeline retired =
                ModelTimeline.empty(CONFIGURED)
                        .with(deploy("s2", "2.0.0", "shadow", 100))
                        .with(command("r2", "retire", "2.0.0", 200));
        assertThat(retired.at("fashion", 200).shadow()).isNull();
        assertThat(retired.servesUntil("fashion", "s2")).isEqualTo(200);
    }

    @Test
    void refusesReusedIdsUnknownModelsAndChangesBackInEventTime() {
        ModelTimeline timeline =
                ModelTimeline.empty(CONFIGURED).with(deploy("d2", "2.0.0", "live", 100));

        assertThat(timeline.refusal(deploy("d2", "3.0.0", "live", 200)))
                .hasValue("command id d2 was used before");
        assertThat(timeline.refusal(deploy("d3", "3.0.0", "live", 99)))
                .hasValueSatisfying(r -> assertThat(r).contains("must not go back in event time"));
        assertThat(timeline.refusal(ModelCommand.of("x", "retire", "digits", "1.0.0", 200, 0)))
                .hasValueSatisfying(r -> assertThat(r).contains("'digits' is not served"));
        assertThat(timeline.refusal(deploy("d3", "3.0.0", "live", 100))).isEmpty();
        assertThat(timeline.commands()).hasSize(1);
        assertThatThrownBy(
                        () ->
                                ModelTimeline.of(
                                        CONFIGURED,
                                        List.of(
                                                deploy("d2", "2.0.0", "live", 100),
                                                deploy("d2", "2.0.0", "live", 100))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot apply");
    }

    @Test
    void twoChangesAtOneEventTimeApplyInTheOrderAccepted() {
        ModelTimeline timeline =
                ModelTimeline.empty(CONFIGURED)
                        .with(deploy("d2", "2.0.0", "live", 100))
                        .with(deploy("d3", "3.0.0", "live", 100));

        assertThat(timeline.at("fashion", 100).live()).isEqualTo("d3");
        assertThat(timeline.at("fashion", 99).live()).isEqualTo(ModelTimeline.CONFIGURED);
        assertThat(timeline.servesUntil("fashion", "d2")).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void withLeavesTheTimelineItGrewFromUnchanged() {
        ModelTimeline before =
                ModelTimeline.of(
                        Map.of("fashion", "1.0.0", "vectors", "1.0.0"),
                        List.of(deploy("d2", "2.0.0", "live", 100)));
        ModelTimeline after =
                before.with(deploy("d3", "3.0.0", "live", 100))
                        .with(
                                ModelCommand.deploy(
                                        "v2", "vectors", "2.0.0", "/v/2", SHA, "live", 50, 0));

        assertThat(before.commands()).extracting(ModelCommand::commandId).containsExactly("d2");
        assertThat(before.at("fashion", 100).live()).isEqualTo("d2");
        assertThat(before.deployOf("d3")).isEmpty();
        assertThat(before.refusal(deploy("d3", "3.0.0", "live", 100))).isEmpty();
        assertThat(after.at("fashion", 100).live()).isEqualTo("d3");
        assertThat(after.deployOf("d3")).isPresent();
        assertThat(after.at("vectors", 50).live()).isEqualTo("v2");
        assertThat(before.at("vectors", 50).live()).isEqualTo(ModelTimeline.CONFIGURED);
        assertThat(after.with(command("r2", "retire", "2.0.0", 300)).deployOf("r2"))
                .as("a retire is no deploy")
                .isEmpty();
        assertThat(after.refusal(deploy("d3", "4.0.0", "live", 200)))
                .hasValueSatisfying(r -> assertThat(r).contains("used before"));
    }

    @Test
    void aLongLifeOfDeploysAndRetiresKeepsEveryAnswer() {
        ModelTimeline timeline = ModelTimeline.empty(CONFIGURED);
        for (int i = 1; i <= 2_000; i++) {
            timeline = timeline.with(deploy("d" + i, i + ".0.0", "live", 10L * i));
            if (i % 2 == 0) {
                timeline = timeline.with(command("r" + i, "retire", i + ".0.0", 10L * i + 5));
            }
        }

        assertThat(timeline.commands()).hasSize(3_000);
        assertThat(timeline.at("fashion", 10L * 1_000).live()).isEqualTo("d1000");
        assertThat(timeline.at("fashion", 10L * 1_000 + 5).live()).isEqualTo("d999");
        assertThat(timeline.at("fashion", Long.MAX_VALUE).live()).isEqualTo("d1999");
        assertThat(timeline.servesUntil("fashion", "d999")).isEqualTo(10L * 1_001);
        assertThat(ModelTimeline.of(CONFIGURED, timeline.commands()).at("fashion", 12_345))
                .isEqualTo(timeline.at("fashion", 12_345));
    }

    @Test
    void aCancelUndoesTheModelsLastChangeAndLiftsTheLockOfAFarFutureOne() {
        ModelTimeline before =
                ModelTimeline.empty(CONFIGURED).with(deploy("d2", "2.0.0", "live", 100));
        ModelTimeline locked = before.with(deploy("far", "3.0.0", "live", 9_000_000));
        assertThat(locked.refusal(deploy("d4", "4.0.0", "live", 500)))
                .as("a far-future change refuses every earlier one")
                .hasValueSatisfying(r -> assertThat(r).contains("before the model's last change"));

        ModelTimeline undone =
                locked.with(ModelCommand.cancel("c1", "fashion", "3.0.0", "far", 400, 0));

        assertThat(undone.at("fashion", 9_000_000).live()).isEqualTo("d2");
        assertThat(undone.servesUntil("fashion", "far")).isEqualTo(Long.MIN_VALUE);
        assertThat(undone.servesUntil("fashion", "d2")).isEqualTo(Long.MAX_VALUE);
        assertThat(undone.refusal(deploy("d4", "4.0.0", "live", 500))).isEmpty();
        assertThat(undone.commands()).extracting(ModelCommand::commandId).endsWith("far", "c1");
        assertThat(ModelTimeline.of(CONFIGURED, undone.commands()).at("fashion", 9_000_000).live())
                .as("the timeline of the same commands, as a restart or a replay builds it")
                .isEqualTo("d2");
        assertThat(undone.refusal(deploy("far", "5.0.0", "live", 500)))
                .as("the undone command's id stays used")
                .hasValueSatisfying(r -> assertThat(r).contains("used before"));
    }

    @Test
    void aCancelOfAnythingButAStandingLastChangeIsRefused() {
        ModelTimeline timeline =
                ModelTimeline.empty(CONFIGURED)
                        .with(deploy("d2", "2.0.0", "live", 100))
                        .with(deploy("d3", "3.0.0", "live", 200));

        assertThat(timeline.refusal(ModelCommand.cancel("c", "fashion", "2.0.0", "d2", 50, 0)))
                .hasValueSatisfying(
                        r -> assertThat(r).contains("not the last change").contains("cancel d3"));
        assertThat(timeline.refusal(ModelCommand.cancel("c", "fashion", "3.0.0", "nope", 50, 0)))
                .hasValueSatisfying(r -> assertThat(r).contains("nope was never accepted"));
        assertThat(timeline.refusal(ModelCommand.cancel("c", "fashion", "2.0.0", "d3", 50, 0)))
                .hasValueSatisfying(r -> assertThat(r).contains("not 2.0.0"));
        assertThat(timeline.refusal(ModelCommand.cancel("c", "fashion", "3.0.0", "d3", 250, 0)))
                .hasValueSatisfying(r -> assertThat(r).contains("a cancel must come before"));

        ModelTimeline once =
                timeline.with(ModelCommand.cancel("c1", "fashion", "3.0.0", "d3", 150, 0));
        assertThat(once.refusal(ModelCommand.cancel("c2", "fashion", "3.0.0", "d3", 150, 0)))
                .hasValueSatisfying(r -> assertThat(r).contains("cancelled already"));
        assertThat(once.at("fashion", 300).live()).isEqualTo("d2");
        ModelTimeline twice = once.with(ModelCommand.cancel("c2", "fashion", "2.0.0", "d2", 90, 0));
        assertThat(twice.at("fashion", 300).live())
                .as("cancels undo changes one after another, newest first")
                .isEqualTo(ModelTimeline.CONFIGURED);
    }
}
