package org.oodmonitor.job.control;

import java.io.Serializable;
import java.util.Set;
import java.util.TreeSet;
import org.oodmonitor.schemas.ModelCommand;

/**
 * One model's serving state from an event time on: its stack of live versions and its shadow; and
 * how a {@code deploy}, {@code promote} or {@code retire} changes it. Pure, like the {@link
 * ModelTimeline} it makes up.
 *
 * @param from the event time the state starts at
 * @param live the live versions, the topmost serving
 * @param shadow the shadow version, or null
 */
record TimelineSegment(long from, TimelineSegment.Live live, TimelineSegment.Version shadow)
        implements Serializable {

    /** A version a model serves: its key and its version string. */
    record Version(String key, String version) implements Serializable {}

    /**
     * A model's live versions as a stack shared between segments: a deploy pushes one, so each
     * change costs one node however many versions a model has served.
     */
    record Live(Version top, Live below) implements Serializable {

        Live push(Version version) {
            return new Live(version, this);
        }

        boolean contains(String version) {
            for (Live l = this; l != null; l = l.below()) {
                if (l.top().version().equals(version)) {
                    return true;
                }
            }
            return false;
        }

        /** The stack without the topmost entry of {@code version}, which it {@link #contains}. */
        Live without(String version) {
            return top.version().equals(version) ? below : new Live(top, below.without(version));
        }

        boolean single() {
            return below == null;
        }
    }

    /** A model's state before its first change: the configured version, live, alone. */
    static TimelineSegment configured(String version) {
        return new TimelineSegment(
                Long.MIN_VALUE,
                new Live(new Version(ModelTimeline.CONFIGURED, version), null),
                null);
    }

    /**
     * The segment that {@code command} (a deploy, promote or retire that does not go back in event
     * time) starts, or why it cannot apply (a string).
     */
    Object after(ModelCommand command) {
        Live nextLive = live;
        Version nextShadow = shadow;
        String version = command.modelVersion();
        switch (command.action()) {
            case ModelCommand.DEPLOY -> {
                Version deployed = new Version(command.commandId(), version);
                if (command.isShadow()) {
                    nextShadow = deployed;
                } else {
                    nextLive = live.push(deployed);
                }
            }
            case ModelCommand.PROMOTE -> {
                if (shadow == null || !shadow.version().equals(version)) {
                    return "version "
                            + version
                            + " is not the shadow of model "
                            + command.modelName()
                            + (shadow == null
                                    ? " (it has none)"
                                    : " (" + shadow.version() + " is)");
                }
                nextLive = live.push(shadow);
                nextShadow = null;
            }
            case ModelCommand.RETIRE -> {
                if (shadow != null && version.equals(shadow.version())) {
                    nextShadow = null;
                } else if (!live.contains(version)) {
                    return "version "
                            + version
                            + " is not served by model "
                            + command.modelName()
                            + " (it serves "
                            + versions()
                            + ")";
                } else if (live.single()) {
                    return "retiring version "
                            + version
                            + " would leave model "
                            + command.modelName()
                            + " without a live version";
                } else {
                    nextLive = live.without(version);
                }
            }
            default -> {
                return "unknown action " + command.action();
            }
        }
        return new TimelineSegment(command.effectiveFrom(), nextLive, nextShadow);
    }

    /** Whether version {@code key} serves in this segment, live or shadow. */
    boolean serves(String key) {
        return live.top().key().equals(key) || shadow != null && shadow.key().equals(key);
    }

    private Set<String> versions() {
        Set<String> names = new TreeSet<>();
        for (Live l = live; l != null; l = l.below()) {
            names.add(l.top().version());
        }
        if (shadow != null) {
            names.add(shadow.version() + " (shadow)");
        }
        return names;
    }
}
