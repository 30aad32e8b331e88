package org.oodmonitor.job.control;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
 * order of their effective times" the same thing. {@code cancel} undoes a model's last change, as
 * if it had never been accepted (its id stays used): the operator's way out of a mistaken command,
 * a far-future one above all, which would otherwise refuse every earlier change of its model.
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

    /** The configured version alone, what every model serves before its first change. */
    private static final Serving CONFIGURED_ONLY = new Serving(CONFIGURED, null);

    /** What {@link #next} makes of an acceptable {@code cancel}: the command it undoes. */
    private record Undo(ModelCommand target) {}

    private final Map<String, String> configured;
    private final List<ModelCommand> commands;
    private final Map<String, ModelCommand> byId;
    private final Map<String, List<TimelineSegment>> segments;

    private ModelTimeline(
            Map<String, String> configured,
            List<ModelCommand> commands,
            Map<String, ModelCommand> byId,
            Map<String, List<TimelineSegment>> segments) {
        this.configured = configured;
        this.commands = commands;
        this.byId = byId;
        this.segments = segments;
    }

    /**
     * The configured versions alone.
     *
     * @param configured the version string of each served model's configured version, by serving
     *     name, which {@code retire} commands name it by
     */
    public static ModelTimeline empty(Map<String, String> configured) {
        return new ModelTimeline(Map.copyOf(configured), List.of(), Map.of(), Map.of());
    }

    /**
     * The timeline of these accepted commands, in the order accepted.
     *
     * @param configured the configured versions, as for {@link #empty}
     * @throws IllegalArgumentException when one of them would have been refused
     */
    public static ModelTimeline of(Map<String, String> configured, List<ModelCommand> commands) {
        ModelTimeline timeline = empty(configured);
        for (ModelCommand command : commands) {
            timeline = timeline.with(command);
        }
        return timeline;
    }

    /** The accepted commands, in the order accepted. */
    public List<ModelCommand> commands() {
        return commands;
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
        Object next = next(command);
        return next instanceof String refusal ? Optional.of(refusal) : Optional.empty();
    }

    /**
     * This timeline with {@code command} after the accepted ones. It shares the unchanged models'
     * segments with this one, so a job's life of commands costs no re-application of the earlier
     * ones.
     *
     * @throws IllegalArgumentException when {@link #refusal} refuses it
     */
    public ModelTimeline with(ModelCommand command) {
        Object next = next(command);
        if (next instanceof String refusal) {
            throw new IllegalArgumentException(
                    "command " + command.commandId() + " cannot apply: " + refusal);
        }
        List<TimelineSegment> list;
        if (next instanceof Undo undo) {
            list = segmentsWithout(command.modelName(), undo.target().commandId());
        } else {
            TimelineSegment segment = (TimelineSegment) next;
            list = new ArrayList<>(segments.getOrDefault(command.modelName(), List.of()));
            if (!list.isEmpty() && list.get(list.size() - 1).from() == segment.from()) {
                list.remove(list.size() - 1);
            }
            list.add(segment);
        }
        Map<String, List<TimelineSegment>> nextSegments = new HashMap<>(segments);
        nextSegments.put(command.modelName(), List.copyOf(list));
        List<ModelCommand> nextCommands = new ArrayList<>(commands);
        nextCommands.add(command);
        Map<String, ModelCommand> nextById = new HashMap<>(byId);
        nextById.put(command.commandId(), command);
        return new ModelTimeline(
                configured,
                Collections.unmodifiableList(nextCommands),
                Collections.unmodifiableMap(nextById),
                Collections.unmodifiableMap(nextSegments));
    }

    /**
     * Model {@code name}'s segments rebuilt from its changes that still stand, less {@code undone}:
     * a cancel is rare, so it may cost one pass over the model's commands.
     */
    private List<TimelineSegment> segmentsWithout(String name, String undone) {
        ModelTimeline rebuilt = empty(configured);
        for (ModelCommand change : standingChanges(name)) {
            if (!change.commandId().equals(undone)) {
                rebuilt = rebuilt.with(change);
            }
        }
        return rebuilt.segments.getOrDefault(name, List.of());
    }

    /** Model {@code name}'s accepted changes that no cancel undid, in the order accepted. */
    private List<ModelCommand> standingChanges(String name) {
        Set<String> undone = new java.util.HashSet<>();
        for (ModelCommand command : commands) {
            if (command.isCancel()) {
                undone.add(command.cancels());
            }
        }
        List<ModelCommand> standing = new ArrayList<>();
        for (ModelCommand command : commands) {
            if (command.modelName().equals(name)
                    && !command.isCancel()
                    && !undone.contains(command.commandId())) {
                standing.add(command);
            }
        }
        return standing;
    }

    /** The versions of model {@code name} that score an event of {@code eventTime}. */
    public Serving at(String name, long eventTime) {
        TimelineSegment current = segmentAt(segments.getOrDefault(name, List.of()), eventTime);
        if (current == null) {
            return CONFIGURED_ONLY;
        }
        TimelineSegment.Version shadow = current.shadow();
        return new Serving(current.live().top().key(), shadow == null ? null : shadow.key());
    }

    /** The last segment from at or before {@code eventTime}, or null: a binary search. */
    private static TimelineSegment segmentAt(List<TimelineSegment> list, long eventTime) {
        int low = 0;
        int high = list.size() - 1;
        TimelineSegment found = null;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (list.get(mid).from() <= eventTime) {
                found = list.get(mid);
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    /** The accepted command of id {@code id}. */
    public Optional<ModelCommand> command(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The accepted deploy of version key {@code key}. */
    public Optional<ModelCommand> deployOf(String key) {
        return Optional.ofNullable(byId.get(key)).filter(ModelCommand::isDeploy);
    }

    /**
     * The last event time at which version {@code key} of model {@code name} serves, exclusive:
     * {@link Long#MAX_VALUE} while it still serves from some event time on.
     */
    public long servesUntil(String name, String key) {
        boolean serving = CONFIGURED.equals(key);
        long until = serving ? Long.MAX_VALUE : Long.MIN_VALUE;
        for (TimelineSegment segment : segments.getOrDefault(name, List.of())) {
            boolean here = segment.serves(key);
            if (serving && !here) {
                until = segment.from();
            } else if (here) {
                until = Long.MAX_VALUE;
            }
            serving = here;
        }
        return until;
    }

    /** The model's segment from {@code command} on, its {@link Undo}, or why it cannot apply. */
    private Object next(ModelCommand command) {
        if (byId.containsKey(command.commandId())) {
            return "command id " + command.commandId() + " was used before";
        }
        if (!configured.containsKey(command.modelName())) {
            return "model '"
                    + command.modelName()
                    + "' is not served by this job; served: "
                    + new TreeSet<>(configured.keySet());
        }
        List<TimelineSegment> list = segments.getOrDefault(command.modelName(), List.of());
        TimelineSegment last =
                list.isEmpty()
                        ? TimelineSegment.configured(configured.get(command.modelName()))
                        : list.get(list.size() - 1);
        if (command.isCancel()) {
            return undo(command);
        }
        if (command.effectiveFrom() < last.from()) {
            return "effective_from "
                    + command.effectiveFrom()
                    + " is before the model's last change, at "
                    + last.from()
                    + "; a model's changes must not go back in event time";
        }
        return last.after(command);
    }

    /** The {@link Undo} of an acceptable cancel, or why it is refused. */
    private Object undo(ModelCommand cancel) {
        ModelCommand target = byId.get(cancel.cancels());
        if (target == null) {
            return "command " + cancel.cancels() + " was never accepted";
        }
        if (!target.modelName().equals(cancel.modelName())
                || !target.modelVersion().equals(cancel.modelVersion())) {
            return "command "
                    + target.commandId()
                    + " changed version "
                    + target.modelVersion()
                    + " of model "
                    + target.modelName()
                    + ", not "
                    + cancel.modelVersion()
                    + " of "
                    + cancel.modelName();
        }
        List<ModelCommand> standing = standingChanges(cancel.modelName());
        if (standing.isEmpty() || !standing.get(standing.size() - 1).equals(target)) {
            return "command "
                    + target.commandId()
                    + (target.isCancel() || !standing.contains(target)
                            ? " is a cancel or was cancelled already"
                            : " is not the last change of model "
                                    + cancel.modelName()
                                    + "; cancel "
                                    + standing.get(standing.size() - 1).commandId()
                                    + " first");
        }
        if (cancel.effectiveFrom() > target.effectiveFrom()) {
            return "effective_from "
                    + cancel.effectiveFrom()
                    + " is after that of command "
                    + target.commandId()
                    + " ("
                    + target.effectiveFrom()
                    + "): a cancel must come before the change it undoes takes effect";
        }
        return new Undo(target);
    }
}
