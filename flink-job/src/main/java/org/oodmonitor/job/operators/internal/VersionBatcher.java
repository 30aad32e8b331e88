package org.oodmonitor.job.operators.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.oodmonitor.job.control.ModelTimeline;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.scoring.ServedVersions;
import org.oodmonitor.job.source.MonitorEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups buffered events by the model version that scores each one, as the timeline says for the
 * event's time: one group per live version and one per shadow version, shadows first so that the
 * live scores can carry the shadows' verdicts. A pure function of its inputs.
 */
@Internal
public final class VersionBatcher {

    private static final Logger LOG = LoggerFactory.getLogger(VersionBatcher.class);

    private final ModelSpecs specs;

    /** A batcher for the models of {@code specs}. */
    public VersionBatcher(ModelSpecs specs) {
        this.specs = specs;
    }

    /** The events one version scores, in arrival order. */
    public record Group(
            String name,
            String versionKey,
            List<StreamRecord<MonitorEvent>> records,
            boolean shadow) {}

    /** An event of a model this job does not serve, and why. */
    public record Unserved(StreamRecord<MonitorEvent> record, String message) {}

    /**
     * How a buffer splits.
     *
     * @param groups shadow groups first, then live ones, each in order of first appearance
     * @param unserved events of models the job does not serve
     * @param newestEventTime per served model, the newest event time among its events
     */
    public record Grouping(
            List<Group> groups, List<Unserved> unserved, Map<String, Long> newestEventTime) {}

    /** Splits {@code records} by the version of {@code timeline} that scores each. */
    public Grouping group(List<StreamRecord<MonitorEvent>> records, ModelTimeline timeline) {
        Map<VersionKey, List<StreamRecord<MonitorEvent>>> live = new LinkedHashMap<>();
        Map<VersionKey, List<StreamRecord<MonitorEvent>>> shadow = new LinkedHashMap<>();
        List<Unserved> unserved = new ArrayList<>();
        Map<String, Long> newest = new HashMap<>();
        for (StreamRecord<MonitorEvent> record : records) {
            MonitorEvent event = record.getValue();
            String name = specs.servingName(event.modelName(), event.source());
            if (!specs.modelDirs().containsKey(name)) {
                unserved.add(
                        new Unserved(
                                record,
                                "model '"
                                        + name
                                        + "' is not served by this job; served: "
                                        + specs.modelDirs().keySet()));
                continue;
            }
            ModelTimeline.Serving serving = timeline.at(name, event.eventTime());
            live.computeIfAbsent(new VersionKey(name, serving.live()), k -> new ArrayList<>())
                    .add(record);
            if (serving.shadow() != null) {
                shadow.computeIfAbsent(
                                new VersionKey(name, serving.shadow()), k -> new ArrayList<>())
                        .add(record);
            }
            newest.merge(name, event.eventTime(), Math::max);
        }
        List<Group> groups = new ArrayList<>(shadow.size() + live.size());
        shadow.forEach((key, group) -> groups.add(new Group(key.name(), key.key(), group, true)));
        live.forEach((key, group) -> groups.add(new Group(key.name(), key.key(), group, false)));
        return new Grouping(groups, unserved, newest);
    }

    /**
     * The batches of {@code grouping}, each with its version loaded. Events of unserved models, and
     * of a live version that cannot load, go to {@code unserved}; a shadow version that cannot load
     * scores nothing, since that is no event's fault.
     */
    public static List<VersionBatch> load(
            Grouping grouping, ServedVersions versions, Consumer<Unserved> unserved) {
        grouping.unserved().forEach(unserved);
        List<VersionBatch> batches = new ArrayList<>(grouping.groups().size());
        for (Group group : grouping.groups()) {
            try {
                batches.add(
                        new VersionBatch(
                                group.records(),
                                versions.get(group.name(), group.versionKey()),
                                group.shadow()));
            } catch (IOException e) {
                if (group.shadow()) {
                    LOG.warn("Shadow scores not written: {}", e.getMessage());
                } else {
                    group.records().forEach(r -> unserved.accept(new Unserved(r, e.getMessage())));
                }
            }
        }
        return batches;
    }

    private record VersionKey(String name, String key) {}
}
