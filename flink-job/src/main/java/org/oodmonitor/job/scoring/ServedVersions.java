package org.oodmonitor.job.scoring;

import ai.djl.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.annotation.Internal;
import org.oodmonitor.inference.model.OodModel;
import org.oodmonitor.inference.scoring.BatchScorer;
import org.oodmonitor.inference.scoring.VerdictFunction;
import org.oodmonitor.job.control.ModelTimeline;
import org.oodmonitor.schemas.ModelCommand;

/**
 * The model versions one scoring subtask serves: the configured ones, loaded when it opens, and the
 * versions the control topic deploys, each loaded on a loader thread of its own as soon as its
 * command arrives, so that the task thread goes on scoring with the versions it has. A version is
 * verified file by file against its manifest, and that manifest against the command's checksum,
 * before it serves; it is closed once the watermark has passed the last event time it serves (and
 * loaded again should a late event still need it).
 */
@Internal
public final class ServedVersions implements AutoCloseable {

    /**
     * A version ready to score: the model, the scorer of its batches, and where it was deployed
     * from (null for a configured version).
     */
    public record Loaded(ServedModel served, BatchScorer scorer, String location) {}

    /** A deployed version that finished loading, well or not, since the last {@link #settled}. */
    public record Settled(ModelCommand deploy, String failure) {}

    private final ModelRegistry configured;
    private final Device device;
    private final int fixedRows;
    private final int threads;
    private final ExecutorService loader;
    private final Map<String, BatchScorer> configuredScorers = new HashMap<>();
    private final Map<String, CompletableFuture<Loaded>> deployed = new HashMap<>();
    private final List<ModelCommand> unsettled = new ArrayList<>();
    private ModelTimeline timeline;

    /**
     * @param configured the configured models, which this object closes
     * @param fixedRows rows of every forward pass, or 0 for as many as there are events
     * @param threads PyTorch intra-op threads of each forward pass
     */
    public ServedVersions(
            ModelRegistry configured,
            ModelTimeline timeline,
            Device device,
            int fixedRows,
            int threads) {
        this.configured = configured;
        this.timeline = timeline;
        this.device = device;
        this.fixedRows = fixedRows;
        this.threads = threads;
        this.loader =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "ood-model-loader");
                            t.setDaemon(true);
                            return t;
                        });
    }

    public ModelTimeline timeline() {
        return timeline;
    }

    /** Adds an accepted command and, for a deploy, starts loading its version. */
    public void add(ModelCommand command) {
        timeline = timeline.with(command);
        if (command.isDeploy()) {
            unsettled.add(command);
            start(command);
        }
    }

    /** Starts loading every deployed version the timeline still serves, after a restore. */
    public void preload() {
        for (ModelCommand command : timeline.commands()) {
            if (command.isDeploy()
                    && timeline.servesUntil(command.modelName(), command.commandId())
                            == Long.MAX_VALUE) {
                start(command);
            }
        }
    }

    /**
     * Version {@code key} of model {@code name}, waiting for it if it is still loading.
     *
     * @throws IOException when it cannot be loaded on this subtask
     */
    public Loaded get(String name, String key) throws IOException {
        if (ModelTimeline.CONFIGURED.equals(key)) {
            ServedModel served = configured.resolve(name).orElseThrow();
            return new Loaded(
                    served,
                    configuredScorers.computeIfAbsent(name, n -> served.scorer(fixedRows, threads)),
                    null);
        }
        ModelCommand deploy = timeline.deployOf(key).orElseThrow();
        CompletableFuture<Loaded> loading = deployed.get(key);
        if (loading == null || loading.isCompletedExceptionally()) {
            loading = start(deploy);
        }
        try {
            return loading.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException(
                    "version "
                            + deploy.modelVersion()
                            + " of model "
                            + name
                            + " ("
                            + deploy.location()
                            + ") cannot be loaded: "
                            + cause.getMessage(),
                    cause);
        }
    }

    /** The deployed versions that finished loading since the last call. */
    public List<Settled> settled() {
        List<Settled> done = new ArrayList<>();
        for (Iterator<ModelCommand> it = unsettled.iterator(); it.hasNext(); ) {
            ModelCommand command = it.next();
            CompletableFuture<Loaded> loading = deployed.get(command.commandId());
            if (loading != null && loading.isDone()) {
                it.remove();
                String failure = null;
                try {
                    loading.join();
                } catch (CompletionException e) {
                    failure = (e.getCause() == null ? e : e.getCause()).getMessage();
                }
                done.add(new Settled(command, failure));
            }
        }
        return done;
    }

    /** Closes the deployed versions that serve no event time at or after {@code watermark}. */
    public void release(long watermark) {
        for (Iterator<Map.Entry<String, CompletableFuture<Loaded>>> it =
                        deployed.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<String, CompletableFuture<Loaded>> entry = it.next();
            ModelCommand deploy = timeline.deployOf(entry.getKey()).orElseThrow();
            boolean waiting = unsettled.contains(deploy);
            if (!waiting
                    && entry.getValue().isDone()
                    && timeline.servesUntil(deploy.modelName(), entry.getKey()) <= watermark) {
                closeQuietly(entry.getValue());
                it.remove();
            }
        }
    }

    /** How many deployed versions are loaded or loading. */
    public int deployedCount() {
        return deployed.size();
    }

    @Override
    public void close() {
        loader.shutdownNow();
        deployed.values().forEach(ServedVersions::closeQuietly);
        deployed.clear();
        configured.close();
    }

    private CompletableFuture<Loaded> start(ModelCommand deploy) {
        CompletableFuture<Loaded> loading =
                CompletableFuture.supplyAsync(() -> load(deploy), loader);
        deployed.put(deploy.commandId(), loading);
        return loading;
    }

    private Loaded load(ModelCommand deploy) {
        try (ModelLocation location = ModelLocation.of(deploy.location())) {
            OodModel model = OodModel.load(location.local(), device);
            try {
                if (!model.manifestSha256().equals(deploy.manifestSha256())) {
                    throw new IOException(
                            "manifest SHA-256 is "
                                    + model.manifestSha256()
                                    + " but the command says "
                                    + deploy.manifestSha256());
                }
                ServedModel served =
                        new ServedModel(model, new VerdictFunction(model.manifest(), null));
                return new Loaded(served, served.scorer(fixedRows, threads), deploy.location());
            } catch (IOException | RuntimeException e) {
                model.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(CompletableFuture<Loaded> loading) {
        if (loading.isDone() && !loading.isCompletedExceptionally()) {
            loading.join().served().model().close();
        } else {
            loading.thenAccept(l -> l.served().model().close());
        }
    }
}
