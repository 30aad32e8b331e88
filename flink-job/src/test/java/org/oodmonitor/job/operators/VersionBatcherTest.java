package org.oodmonitor.job.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.oodmonitor.job.control.ModelTimeline;
import org.oodmonitor.job.operators.internal.VersionBatcher;
import org.oodmonitor.job.source.MonitorEvent;
import org.oodmonitor.schemas.ModelCommand;

/** How a buffer splits into version groups, without an operator or a model. */
class VersionBatcherTest {

    private static final String SHA = "a".repeat(64);
    private static final ModelTimeline CONFIGURED =
            ModelTimeline.empty(Map.of(TestEvents.MODEL_NAME, "1.0.0"));
    private final VersionBatcher batcher = new VersionBatcher(TestEvents.specs());

    private static ModelCommand deploy(String id, String role, long from) {
        return ModelCommand.deploy(id, TestEvents.MODEL_NAME, id, "/m/" + id, SHA, role, from, 0);
    }

    private static List<StreamRecord<MonitorEvent>> at(long... eventTimes) throws IOException {
        List<StreamRecord<MonitorEvent>> records = new ArrayList<>();
        for (int i = 0; i < eventTimes.length; i++) {
            records.add(new StreamRecord<>(TestEvents.fashionAt(i, eventTimes[i]), eventTimes[i]));
        }
        return records;
    }

    @Test
    void withoutCommandsEveryEventGoesToTheConfiguredVersionInArrivalOrder() throws IOException {
        List<StreamRecord<MonitorEvent>> records = at(300, 100, 200);

        VersionBatcher.Grouping grouping = batcher.group(records, CONFIGURED);

        assertThat(grouping.groups())
                .containsExactly(
                        new VersionBatcher.Group(
                                TestEvents.MODEL_NAME, ModelTimeline.CONFIGURED, records, false));
        assertThat(grouping.unserved()).isEmpty();
        assertThat(grouping.newestEventTime()).containsExactly(Map.entry("fashion", 300L));
    }

    @Test
    void aLiveDeploySplitsTheBufferAtItsStartTime() throws IOException {
        List<StreamRecord<MonitorEvent>> records = at(50, 150, 60, 100);

        VersionBatcher.Grouping grouping =
                batcher.group(records, CONFIGURED.with(deploy("d2", "live", 100)));

        assertThat(grouping.groups())
                .extracting(VersionBatcher.Group::versionKey, VersionBatcher.Group::records)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                ModelTimeline.CONFIGURED, List.of(records.get(0), records.get(2))),
                        org.assertj.core.groups.Tuple.tuple(
                                "d2", List.of(records.get(1), records.get(3))));
    }

    @Test
    void shadowGroupsComeFirstSoThatLiveScoresCanCarryTheirVerdicts() throws IOException {
        List<StreamRecord<MonitorEvent>> records = at(50, 150);

        VersionBatcher.Grouping grouping =
                batcher.group(records, CONFIGURED.with(deploy("s2", "shadow", 100)));

        assertThat(grouping.groups())
                .containsExactly(
                        new VersionBatcher.Group(
                                TestEvents.MODEL_NAME, "s2", List.of(records.get(1)), true),
                        new VersionBatcher.Group(
                                TestEvents.MODEL_NAME, ModelTimeline.CONFIGURED, records, false));
    }

    @Test
    void eventsOfAModelTheJobDoesNotServeAreUnservedAndNamedSo() throws IOException {
        StreamRecord<MonitorEvent> served = at(10).get(0);
        StreamRecord<MonitorEvent> other =
                new StreamRecord<>(TestEvents.withModel(TestEvents.fashionAt(1, 20), "cats"), 20);

        VersionBatcher.Grouping grouping = batcher.group(List.of(other, served), CONFIGURED);

        assertThat(grouping.unserved())
                .containsExactly(
                        new VersionBatcher.Unserved(
                                other,
                                "model 'cats' is not served by this job; served: [fashion]"));
        assertThat(grouping.groups()).hasSize(1);
        assertThat(grouping.groups().get(0).records()).containsExactly(served);
        assertThat(grouping.newestEventTime()).containsOnlyKeys("fashion");
    }
}
