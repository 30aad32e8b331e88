package org.oodmonitor.job.control;

import java.io.IOException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.annotation.PublicEvolving;
import org.oodmonitor.inference.model.InputSpec;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.inference.model.ModelManifest;
import org.oodmonitor.inference.scoring.VerdictFunction;
import org.oodmonitor.job.scoring.ModelLocation;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.schemas.ControlStatus;
import org.oodmonitor.schemas.ModelCommand;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.ReadResult;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.text.Printable;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * Decides whether a command of the control topic may change what the job serves: what the {@link
 * ModelTimeline} says of it, and for a {@code deploy} the model itself, read from its location and
 * verified file by file against its manifest and the command's manifest checksum, with the input
 * shape the model's traffic has and a calibrated threshold, and the bounds of {@link
 * ControlLimits}. One check, run once per command where the job reads the control topic, so that
 * every scoring subtask is sent the same verdicts. Its reasons are cut to the status schema's cap
 * and escaped for terminals.
 */
@PublicEvolving
public final class CommandCheck implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * What the check made of one control record.
     *
     * @param command the command read, or null when the record is not one
     * @param refusal why it is rejected, on one printable line, or null when it is accepted
     */
    public record Decision(ModelCommand command, String refusal) {

        public boolean accepted() {
            return refusal == null;
        }
    }

    private final ModelSpecs specs;
    private final ControlLimits limits;
    private transient Map<String, ModelManifest> configured;
    private transient RecordReader<ModelCommand> reader;

    public CommandCheck(ModelSpecs specs, ControlLimits limits) {
        this.specs = Objects.requireNonNull(specs, "specs");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public ControlLimits limits() {
        return limits;
    }

    /**
     * The manifests of the job's configured models, by serving name, read once.
     *
     * @throws IOException when one cannot be read
     */
    public synchronized Map<String, ModelManifest> configuredManifests() throws IOException {
        if (configured == null) {
            Map<String, ModelManifest> manifests = new LinkedHashMap<>();
            for (var entry : specs.modelDirs().entrySet()) {
                try (ModelLocation location = ModelLocation.manifestOnly(entry.getValue())) {
                    manifests.put(
                            entry.getKey(),
                            ModelArtifact.readManifest(
                                    location.local().resolve(ModelArtifact.MANIFEST)));
                }
            }
            configured = manifests;
        }
        return configured;
    }

    /** The timeline of no commands over the configured models. */
    public ModelTimeline emptyTimeline() throws IOException {
        Map<String, String> versions = new LinkedHashMap<>();
        configuredManifests().forEach((name, manifest) -> versions.put(name, manifest.version()));
        return ModelTimeline.empty(versions);
    }

    /**
     * The timeline of commands accepted before (by this check, here or in an earlier run).
     *
     * @throws IOException when a configured manifest cannot be read
     */
    public ModelTimeline timeline(List<ModelCommand> accepted) throws IOException {
        return ModelTimeline.of(emptyTimeline().configured(), accepted);
    }

    /**
     * Decides the control record {@code value} (null for an empty record), written at {@code
     * recordTime}, after {@code timeline}, checking a deploy's files here: the one decision that
     * every read of the topic before a start or a replay makes, and that the job makes with the
     * files checked beside the stream ({@link #decide(ModelTimeline, ControlRecord)}).
     */
    public Decision decide(ModelTimeline timeline, byte[] value, long recordTime) {
        Decision read = read(value);
        return read.command() == null
                ? read
                : decision(read.command(), refusal(timeline, read.command(), recordTime));
    }

    /**
     * Like {@link #decide(ModelTimeline, byte[], long)}, for a record read before and whose
     * deploy's files were checked before ({@link ControlRecord#filesRefusal()}).
     */
    public Decision decide(ModelTimeline timeline, ControlRecord record) {
        ModelCommand command = record.command();
        if (command == null) {
            return new Decision(null, record.unreadable());
        }
        Optional<String> refused = cheapRefusal(timeline, command, record.recordTime());
        if (refused.isEmpty() && command.isDeploy()) {
            refused = Optional.ofNullable(record.filesRefusal());
        }
        return decision(command, refused);
    }

    /**
     * The command in {@code value} (null for an empty record), not yet decided; or a decision
     * without a command that says why the record is not one.
     */
    public Decision read(byte[] value) {
        ReadResult<ModelCommand> read = value == null ? null : reader().read(value);
        if (read != null && read.isOk()) {
            return new Decision(read.value(), null);
        }
        return new Decision(
                null,
                Printable.cut(
                        "not a model command: "
                                + (read == null ? "empty record" : read.errorMessage()),
                        ControlStatus.MAX_REASON_CHARS));
    }

    private static Decision decision(ModelCommand command, Optional<String> refusal) {
        return new Decision(
                command,
                refusal.map(r -> Printable.cut(r, ControlStatus.MAX_REASON_CHARS)).orElse(null));
    }

    private synchronized RecordReader<ModelCommand> reader() {
        if (reader == null) {
            reader = new RecordReader<>(RecordType.MODEL_COMMAND, ValidationLimits.defaults());
        }
        return reader;
    }

    /**
     * Why {@code command}, written at {@code recordTime}, cannot follow {@code timeline}, in one
     * line, or empty when it is accepted; a deploy's files are checked here.
     */
    public Optional<String> refusal(ModelTimeline timeline, ModelCommand command, long recordTime) {
        Optional<String> refused = cheapRefusal(timeline, command, recordTime);
        if (refused.isPresent() || !command.isDeploy()) {
            return refused;
        }
        return Optional.ofNullable(checkFiles(command));
    }

    /**
     * Everything but a deploy's files: the bounds of its effective time around {@code recordTime},
     * what the timeline says, and that a cancel comes before the change it undoes takes effect.
     */
    public Optional<String> cheapRefusal(
            ModelTimeline timeline, ModelCommand command, long recordTime) {
        String outOfBounds = limits.timeRefusal(command.effectiveFrom(), recordTime);
        if (outOfBounds != null) {
            return Optional.of(outOfBounds);
        }
        Optional<String> refused = timeline.refusal(command);
        if (refused.isPresent() || !command.isCancel()) {
            return refused;
        }
        ModelCommand target = timeline.command(command.cancels()).orElseThrow();
        long margin = limits.cancelMargin().toMillis();
        if (target.effectiveFrom() <= recordTime + margin) {
            return Optional.of(
                    "command "
                            + target.commandId()
                            + " takes effect at "
                            + target.effectiveFrom()
                            + ", not later than "
                            + margin
                            + " ms after this cancel was written ("
                            + recordTime
                            + ": ood.event-time.max-future plus ood.control.verify-timeout);"
                            + " events may be scored by it before the cancel arrives, so it"
                            + " cannot be undone: write a new change instead");
        }
        return Optional.empty();
    }

    /**
     * Why the files of deploy {@code command} are refused, in one line, or null when they pass: the
     * location read and verified file by file, within the size and count caps, against the
     * command's manifest checksum and version and the traffic's input shape. Slow for a large
     * model; never throws.
     */
    public String checkFiles(ModelCommand command) {
        try {
            return checkModel(command);
        } catch (IOException | RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            return message.contains(command.location())
                    ? message
                    : command.location() + ": " + message;
        }
    }

    private String checkModel(ModelCommand command) throws IOException {
        try (ModelLocation location =
                ModelLocation.capped(
                        command.location(), limits.maxModelBytes(), limits.maxModelFiles())) {
            ModelManifest manifest = ModelArtifact.readVerified(location.local());
            String sha = ModelArtifact.manifestSha256(location.local());
            if (!sha.equals(command.manifestSha256())) {
                return command.location()
                        + ": manifest SHA-256 is "
                        + sha
                        + " but the command says "
                        + command.manifestSha256();
            }
            if (!manifest.version().equals(command.modelVersion())) {
                return command.location()
                        + ": the manifest's version is "
                        + manifest.version()
                        + " but the command says "
                        + command.modelVersion();
            }
            InputSpec traffic = configuredManifests().get(command.modelName()).input();
            if (!sameShape(traffic, manifest.input())) {
                return command.location()
                        + ": input "
                        + shape(manifest.input())
                        + " but the traffic of model "
                        + command.modelName()
                        + " is "
                        + shape(traffic);
            }
            new VerdictFunction(manifest, null);
            return null;
        }
    }

    static boolean sameShape(InputSpec a, InputSpec b) {
        return a.kind().equals(b.kind())
                && Objects.equals(a.height(), b.height())
                && Objects.equals(a.width(), b.width())
                && Objects.equals(a.channels(), b.channels())
                && Objects.equals(a.dimension(), b.dimension())
                // Images of any size reach a model with preprocessing, only its own size others.
                && (a.preprocessing() == null) == (b.preprocessing() == null);
    }

    static String shape(InputSpec input) {
        return InputSpec.VECTOR.equals(input.kind())
                ? "vector of " + input.dimension()
                : "image " + input.height() + "x" + input.width() + "x" + input.channels();
    }
}
