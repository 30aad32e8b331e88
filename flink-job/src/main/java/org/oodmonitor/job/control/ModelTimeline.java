package org.oodmonitor.job.control;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.annotation.PublicEvolving;
import org.oodmonitor.schemas.ModelCommand;

/**
 * Which version of each served model scores an event of a given event time: the job's configured
 * versions, changed by the accepted commands of the control topic in the order they were accepted.
 * A pure function of the commands, so that the live job, a restored or rescaled one and a replay
 * that read the same commands split the same events between the same versions.
 *
 * <p>Each model starts with its configured version live and no shadow. A live {@code deploy} puts a
 * version on top of the model's live versions; a shadow {@code deploy} makes it the shadow
 * (replacing any); {@code promote} makes the shadow live; {@code retire} takes a version away, so
 * that retiring the live version rolls back to the one below it. A model's commands must not go
 * back in event time, which keeps "the commands in the order accepted" and "the commands in the
 * order of their effective times" the same thing.
 */
@PublicEvolving
public final class ModelTimeline implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The key of a model's configured version. */
    public static final String CONFIGURED = "configured";

    /**
     * The versions that score one event.
     *
     * @param live the key of the live version: {@link #CONFIGURED} or the command id of its deploy
     * @param shadow the key of the shadow version, or null for none
     */
    public record Serving(String live, String shadow) implements Serializable {}

    /** One model's state from an event time on. */
    private record Segment(long from, List<Version> live, Version shadow) implements Serializable {}

    /** A version a model serves: its key and its version string. */
    private record Version(String key, String version) implements Serializable {}

    private final Map<String, String> configured;
    private final List<ModelCommand> commands = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private final Map<String, List<Segment>> segments = new HashMap<>();

    private ModelTimeline(Map<String, String> configured, List<ModelCommand> accepted) {
        this.configured = Map.copyOf(configured);
        for (ModelCommand command : accepted) {
            String refusal = apply(command);
            if (refusal != null) {
                throw new IllegalArgumentException(
                        "command " + command.commandId() + " cannot apply: " + refusal);
            }
        }
    }

    /**
     * The configured versions alone.
     *
     * @param configured the version string of each served model's configured version, by serving
     *     name, which {@code retire} commands name it by
     */
    public static ModelTimeline empty(Map<String, String> configured) {
        return new ModelTimeline(configured, List.of());
    }

    /**
     * The timeline of these accepted commands, in the order accepted.
     *
     * @param configured the configured versions, as for {@link #empty}
     * @throws IllegalArgumentException when one of them would have been refused
     */
    public static ModelTimeline of(Map<String, String> configured, List<ModelCommand> commands) {
        return new ModelTimeline(configured, commands);
    }

    /** The accepted commands, in the order accepted. */
    public List<ModelCommand> commands() {
        return List.copyOf(commands);
    }

    /** The configured version strings by serving name. */
    public Map<String, String> configured() {
        return configured;
    }

    /**
     * Why {@code command} cannot follow the accepted ones, or empty when it can. Checks only what
     * the timeline knows; the model's files are {@link CommandCheck}'s part.
     */
    public Optional<String> refusal(ModelCommand command) {
        ModelTimeline probe = new ModelTimeline(configured, commands);
        return Optional.ofNullable(probe.apply(command));
    }

    /**
     * This timeline with {@code command} after the accepted ones.
     *
     * @throws IllegalArgumentException when {@link #refusal} refuses it
     */
    public ModelTimeline with(ModelCommand command) {
        List<ModelCommand> next = new ArrayList<>(commands);
        next.add(command);
        return new ModelTimeline(configured, next);
    }

    /** The versions of model {@code name} that score an event of {@code eventTime}. */
    public Serving at(String name, long eventTime) {
        List<Segment> list = segments.get(name);
        Segment current = null;
        if (list != null) {
            for (Segment segment : list) {
                if (segment.from() > eventTime) {
                    break;
                }
                current = segment;
            }
        }
        if (current == null) {
            return new Serving(CONFIGURED, null);
        }
        Version shadow = current.shadow();
        return new Serving(
                current.live().get(current.live().size() - 1).key(),
                shadow == null ? null : shadow.key());
    }

    /** The accepted deploy of version key {@code key}. */
    public Optional<ModelCommand> deployOf(String key) {
        return commands.stream().filter(c -> c.isDeploy() && c.commandId().equals(key)).findFirst();
    }

    /**
     * The last event time at which version {@code key} of model {@code name} serves, exclusive:
     * {@link Long#MAX_VALUE} while it still serves from some event time on.
     */
    public long servesUntil(String name, String key) {
        boolean serving = CONFIGURED.equals(key);
        long until = serving ? Long.MAX_VALUE : Long.MIN_VALUE;
        for (Segment segment : segments.getOrDefault(name, List.of())) {
            boolean here =
                    segment.live().get(segment.live().size() - 1).key().equals(key)
                            || segment.shadow() != null && segment.shadow().key().equals(key);
            if (serving && !here) {
                until = segment.from();
            } else if (here) {
                until = Long.MAX_VALUE;
            }
            serving = here;
        }
        return until;
    }

    /** Applies {@code command}; returns why it cannot apply (leaving nothing changed), or null. */
    private String apply(ModelCommand command) {
        if (ids.contains(command.commandId())) {
            return "command id " + command.commandId() + " was used before";
        }
        if (!configured.containsKey(command.modelName())) {
            return "model '"
                    + command.modelName()
                    + "' is not served by this job; served: "
                    + new TreeSet<>(configured.keySet());
        }
        List<Segment> list = segments.computeIfAbsent(command.modelName(), n -> new ArrayList<>());
        Segment last =
                list.isEmpty()
                        ? new Segment(
                                Long.MIN_VALUE,
                                List.of(
                                        new Version(
                                                CONFIGURED, configured.get(command.modelName()))),
                                null)
                        : list.get(list.size() - 1);
        if (command.effectiveFrom() < last.from()) {
            return "effective_from "
                    + command.effectiveFrom()
                    + " is before the model's last change, at "
                    + last.from()
                    + "; a model's changes must not go back in event time";
        }
        List<Version> live = new ArrayList<>(last.live());
        Version shadow = last.shadow();
        String version = command.modelVersion();
        switch (command.action()) {
            case ModelCommand.DEPLOY -> {
                Version deployed = new Version(command.commandId(), version);
                if (command.isShadow()) {
                    shadow = deployed;
                } else {
                    live.add(deployed);
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
                live.add(shadow);
                shadow = null;
            }
            case ModelCommand.RETIRE -> {
                if (shadow != null && version.equals(shadow.version())) {
                    shadow = null;
                } else {
                    int index = lastIndexOf(live, version);
                    if (index < 0) {
                        return "version "
                                + version
                                + " is not served by model "
                                + command.modelName()
                                + " (it serves "
                                + versions(live, shadow)
                                + ")";
                    }
                    if (live.size() == 1) {
                        return "retiring version "
                                + version
                                + " would leave model "
                                + command.modelName()
                                + " without a live version";
                    }
                    live.remove(index);
                }
            }
            default -> {
                return "unknown action " + command.action();
            }
        }
        if (!list.isEmpty() && last.from() == command.effectiveFrom()) {
            list.remove(list.size() - 1);
        }
        list.add(new Segment(command.effectiveFrom(), List.copyOf(live), shadow));
        commands.add(command);
        ids.add(command.commandId());
        return null;
    }

    private static int lastIndexOf(List<Version> live, String version) {
        for (int i = live.size() - 1; i >= 0; i--) {
            String v = live.get(i).version();
            if (version.equals(v)) {
                return i;
            }
        }
        return -1;
    }

    private static Set<String> versions(List<Version> live, Version shadow) {
        Set<String> names = new TreeSet<>();
        live.forEach(v -> names.add(v.version()));
        if (shadow != null) {
            names.add(shadow.version() + " (shadow)");
        }
        return names;
    }
}
