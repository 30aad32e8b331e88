package org.oodmonitor.cli.cluster;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.ProgramInvocationException;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.scoring.ModelLocation;

/**
 * The monitor's jobs on a running Flink cluster, over its REST API: submits the packaged job jar,
 * takes savepoints, reports a job's status.
 */
public final class ClusterJobs implements AutoCloseable {

    private static final long TIMEOUT_MINUTES = 5;

    private final RestClusterClient<StandaloneClusterId> client;
    private final String url;

    private ClusterJobs(RestClusterClient<StandaloneClusterId> client, String url) {
        this.client = client;
        this.url = url;
    }

    /**
     * Connects to the REST API at {@code url}, {@code http://HOST:PORT}.
     *
     * @throws IllegalArgumentException when the URL has no host or port
     */
    public static ClusterJobs connect(String url) throws Exception {
        URI uri = URI.create(url);
        if (uri.getHost() == null || uri.getPort() < 0 || !"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException(
                    "--cluster wants the REST address http://HOST:PORT, not '" + url + "'");
        }
        Configuration config = new Configuration();
        config.set(RestOptions.ADDRESS, uri.getHost());
        config.set(RestOptions.PORT, uri.getPort());
        config.set(RestOptions.RETRY_MAX_ATTEMPTS, 3);
        return new ClusterJobs(
                new RestClusterClient<>(config, StandaloneClusterId.getInstance()), url);
    }

    /**
     * Builds the job graph by running the jar's main class with {@code args} here, in the client,
     * and submits it with the jar.
     *
     * @param savepoint savepoint or retained checkpoint to start from, or null
     * @return the new job's id
     */
    public JobID submit(Path jar, List<String> args, int parallelism, String savepoint)
            throws Exception {
        return submit(jar, null, args, parallelism, savepoint);
    }

    /**
     * Like {@link #submit(Path, List, int, String)}, with {@code entryClass} (null for the jar's
     * main class) as the program.
     */
    public JobID submit(
            Path jar, String entryClass, List<String> args, int parallelism, String savepoint)
            throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(
                    "no job jar at "
                            + jar
                            + "; build it with './mvnw -pl flink-job -am package -DskipTests'");
        }
        // This client's own class path holds the Kafka connector, which Flink always loads
        // parent-first (org.apache.flink.*); the Kafka clients must then come from the same
        // place, or the jar's copy and ours meet in one method signature.
        Configuration loading = new Configuration();
        loading.set(
                CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL,
                List.of("org.apache.kafka."));
        JobGraph graph;
        try (PackagedProgram program =
                PackagedProgram.newBuilder()
                        .setJarFile(new File(jar.toString()))
                        .setEntryPointClassName(entryClass)
                        .setArguments(args.toArray(String[]::new))
                        .setConfiguration(loading)
                        .build()) {
            graph = PackagedProgramUtils.createJobGraph(program, loading, parallelism, true);
        } catch (ProgramInvocationException e) {
            throw new IllegalArgumentException(
                    "the job jar could not build its job: " + rootMessage(e), e);
        }
        if (savepoint != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        }
        return await(client.submitJob(graph), "submitting the job to " + url);
    }

    /**
     * Takes a savepoint of a running job; with {@code stop}, stops the job once it is taken.
     *
     * @param dir where to write it, or null for the cluster's savepoint directory
     * @return the savepoint's path
     */
    public String savepoint(JobID job, boolean stop, String dir) throws Exception {
        return await(
                stop
                        ? client.stopWithSavepoint(job, false, dir, SavepointFormatType.CANONICAL)
                        : client.triggerSavepoint(job, dir, SavepointFormatType.CANONICAL),
                "taking a savepoint of job " + job);
    }

    /**
     * Waits for the job to end (no time limit: a bounded job takes what it takes).
     *
     * @return its result, with its accumulators
     * @throws IllegalStateException when it failed or was cancelled, with the cause
     */
    public JobExecutionResult awaitResult(JobID job) throws Exception {
        JobResult result = client.requestJobResult(job).get();
        try {
            return result.toJobExecutionResult(ClusterJobs.class.getClassLoader());
        } catch (JobExecutionException e) {
            throw new IllegalStateException(
                    "job " + job + " on " + url + " failed: " + rootMessage(e), e);
        }
    }

    /**
     * The value of {@code ood.model.dirs} with relative paths made absolute: a cluster's processes
     * do not share the client's working directory. URIs pass unchanged.
     */
    public static String absoluteModelDirs(Configuration config) {
        StringBuilder value = new StringBuilder();
        for (var model : new TreeMap<>(config.get(ModelOptions.MODELS)).entrySet()) {
            String dir = ModelLocation.absolute(model.getValue());
            value.append(value.isEmpty() ? "" : ",")
                    .append(model.getKey())
                    .append(":'")
                    .append(dir.replace("'", "''"))
                    .append('\'');
        }
        return value.toString();
    }

    /** The job's status. */
    public JobStatus status(JobID job) throws Exception {
        return await(client.getJobStatus(job), "asking for job " + job);
    }

    /** Cancels the job without a savepoint. */
    public void cancel(JobID job) throws Exception {
        await(client.cancel(job), "cancelling job " + job);
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future, String what)
            throws Exception {
        try {
            return future.get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + rootMessage(e), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    what + " got no answer in " + TIMEOUT_MINUTES + " minutes", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.toString() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    @Override
    public void close() {
        client.close();
    }
}
