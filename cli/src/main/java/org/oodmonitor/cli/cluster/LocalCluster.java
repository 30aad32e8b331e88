package org.oodmonitor.cli.cluster;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A real Flink session cluster on loopback: one JobManager and N TaskManagers, each its own JVM
 * started from Flink's Maven artifacts on this class path, configured by {@code DIR/conf}, with
 * checkpoints and savepoints under DIR and the pids in {@code DIR/pids}, so that {@link #stop}
 * stops exactly the processes that {@link #start} started. Every process's command line names
 * {@code DIR/conf}, so clusters in different directories can be told apart.
 */
public final class LocalCluster {

    private static final String JOB_MANAGER =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER =
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    /** Each process logs at INFO to its standard output, which {@link #launch} sends to a file. */
    static final String LOG_CONFIG =
            String.join(
                    "\n",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.console.ref = console",
                    "appender.console.type = Console",
                    "appender.console.name = console",
                    "appender.console.layout.type = PatternLayout",
                    "appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                    // FLINK-35321: one WARN per sink per checkpoint; see cli's log4j2.properties.
                    "logger.metricgroup.name = org.apache.flink.metrics.MetricGroup",
                    "logger.metricgroup.filter.pending.type = RegexFilter",
                    "logger.metricgroup.filter.pending.regex = Name collision: .* the name"
                            + " 'pendingCommittables'.*",
                    "logger.metricgroup.filter.pending.onMatch = DENY",
                    "logger.metricgroup.filter.pending.onMismatch = NEUTRAL",
                    "");

    private static final String JOB_MANAGER_ROLE = "jobmanager";
    private static final String TASK_MANAGER_ROLE = "taskmanager";

    /** Jar name prefixes left off the cluster's class path (see {@link #classPath}). */
    private static final List<String> NOT_ON_CLUSTER =
            List.of(
                    "ood-",
                    "classes",
                    "test-classes",
                    "flink-connector-kafka",
                    "kafka",
                    "testcontainers",
                    "docker-java",
                    "duct-tape",
                    "junit",
                    "opentest4j",
                    "assertj",
                    "json-schema-validator",
                    "jackson-",
                    "scala-",
                    "kubernetes-");

    private LocalCluster() {}

    /**
     * Starts the cluster and waits until its REST API reports {@code taskManagers} TaskManagers.
     *
     * @return the REST address, {@code http://127.0.0.1:PORT}
     * @throws IOException when DIR holds a running cluster or the cluster does not come up
     */
    public static String start(Path dir, int taskManagers, int slots, int restPort)
            throws IOException, InterruptedException {
        Path pids = dir.resolve("pids");
        if (!running(dir, null).isEmpty()) {
            throw new IOException(
                    "a cluster started in " + dir + " is still running; stop it first");
        }
        Path conf = dir.resolve("conf");
        Path logs = dir.resolve("log");
        Files.createDirectories(conf);
        Files.createDirectories(logs);
        int port = restPort > 0 ? restPort : freePort();
        Files.writeString(
                conf.resolve("config.yaml"),
                config(dir, port, freePort(), slots),
                StandardCharsets.UTF_8);
        Files.writeString(conf.resolve("log4j.properties"), LOG_CONFIG, StandardCharsets.UTF_8);
        Files.deleteIfExists(pids);
        try (var old = Files.list(logs)) {
            for (Path log : old.toList()) {
                Files.delete(log);
            }
        }
        record(dir, JOB_MANAGER_ROLE, launch(JOB_MANAGER, conf, logs.resolve("jobmanager.log")));
        for (int i = 0; i < taskManagers; i++) {
            addTaskManager(dir);
        }
        String rest = "http://127.0.0.1:" + port;
        Files.writeString(dir.resolve("rest"), rest + "\n", StandardCharsets.UTF_8);
        try {
            awaitTaskManagers(dir, rest, taskManagers);
        } catch (IOException e) {
            stop(dir);
            throw e;
        }
        return rest;
    }

    /** Starts one more TaskManager for the cluster of DIR (for example to replace a lost one). */
    public static long addTaskManager(Path dir) throws IOException {
        Path conf = dir.resolve("conf");
        long n;
        try (var names = Files.list(dir.resolve("log"))) {
            n = names.filter(f -> f.getFileName().toString().startsWith("taskmanager-")).count();
        }
        long pid =
                launch(TASK_MANAGER, conf, dir.resolve("log").resolve("taskmanager-" + n + ".log"));
        record(dir, TASK_MANAGER_ROLE, pid);
        return pid;
    }

    /** Waits until the REST API reports at least {@code count} registered TaskManagers. */
    public static void awaitTaskManagers(Path dir, String rest, int count)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (taskManagersOf(rest) < count) {
            if (System.nanoTime() > deadline) {
                throw new IOException(
                        "the cluster did not report "
                                + count
                                + " TaskManagers in 2 minutes; see the logs in "
                                + dir.resolve("log"));
            }
            Thread.sleep(250);
        }
    }

    /** The running TaskManager processes of the cluster of DIR. */
    public static List<ProcessHandle> taskManagers(Path dir) {
        return running(dir, TASK_MANAGER_ROLE);
    }

    private static void record(Path dir, String role, long pid) throws IOException {
        Files.writeString(
                dir.resolve("pids"),
                role + " " + pid + "\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** Stops the processes recorded in DIR; returns how many were running. */
    public static int stop(Path dir) throws InterruptedException {
        List<ProcessHandle> alive = running(dir, null);
        alive.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : alive) {
            try {
                p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException
                    | java.util.concurrent.TimeoutException e) {
                p.destroyForcibly();
            }
        }
        return alive.size();
    }

    /**
     * The recorded processes of DIR in {@code role} (all when null) that are still alive and still
     * name DIR's configuration.
     */
    static List<ProcessHandle> running(Path dir, String role) {
        List<ProcessHandle> alive = new ArrayList<>();
        Path pids = dir.resolve("pids");
        if (!Files.isRegularFile(pids)) {
            return alive;
        }
        String conf = dir.resolve("conf").toAbsolutePath().toString();
        try {
            for (String line : Files.readAllLines(pids)) {
                String[] fields = line.trim().split(" ");
                if (fields.length != 2 || (role != null && !role.equals(fields[0]))) {
                    continue;
                }
                Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(fields[1]));
                // A reused pid belongs to some other process: it would not name our conf dir.
                if (p.isPresent()
                        && p.get().isAlive()
                        && p.get().info().commandLine().map(c -> c.contains(conf)).orElse(true)) {
                    alive.add(p.get());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return alive;
        }
        return alive;
    }

    /** TaskManagers the REST API reports, or -1 while it does not answer. */
    static int taskManagersOf(String rest) {
        try {
            HttpURLConnection c =
                    (HttpURLConnection) URI.create(rest + "/taskmanagers").toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            if (c.getResponseCode() != 200) {
                return -1;
            }
            String body = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int n = 0;
            for (int at = body.indexOf("\"id\""); at >= 0; at = body.indexOf("\"id\"", at + 1)) {
                n++;
            }
            return n;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String config(Path dir, int restPort, int rpcPort, int slots) {
        Path abs = dir.toAbsolutePath();
        return String.join(
                "\n",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: 127.0.0.1",
                "jobmanager.memory.process.size: 1024m",
                "taskmanager.host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.memory.process.size: 1536m",
                "taskmanager.numberOfTaskSlots: " + slots,
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "execution.checkpointing.dir: " + abs.resolve("checkpoints").toUri(),
                "execution.checkpointing.savepoint-dir: " + abs.resolve("savepoints").toUri(),
                "taskmanager.memory.managed.fraction: 0.1",
                // Batch replays shuffle through sort-merge partitions that each want 512 buffers
                // by default; 256 MiB holds 8192 buffers for a TaskManager's two slots.
                "taskmanager.memory.network.min: 256m",
                "taskmanager.memory.network.max: 256m",
                // A lost TaskManager is noticed in seconds, not the default 50.
                "heartbeat.interval: 2000",
                "heartbeat.timeout: 10000",
                "classloader.parent-first-patterns.additional: ai.djl.",
                "env.java.opts.all: -Dai.djl.offline=true",
                "");
    }

    private static long launch(String main, Path conf, Path log) throws IOException {
        Configuration config = GlobalConfiguration.loadConfiguration(conf.toString());
        List<String> jvm;
        List<String> dynamic;
        // What Flink's start scripts compute with BashJavaUtils: heap, direct and metaspace
        // limits from the configured process size, and the derived memory options a
        // TaskManager refuses to start without.
        if (main.equals(TASK_MANAGER)) {
            TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(config);
            jvm = words(ProcessMemoryUtils.generateJvmParametersStr(spec));
            dynamic = words(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec));
        } else {
            JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(config);
            jvm = words(JobManagerProcessUtils.generateJvmParametersStr(spec, config));
            dynamic = words(JobManagerProcessUtils.generateDynamicConfigsStr(spec));
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.add("-Dai.djl.offline=true");
        command.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
        command.add("-Dlog.file=" + log.toAbsolutePath());
        command.add("-cp");
        command.add(classPath());
        command.add(main);
        command.add("--configDir");
        command.add(conf.toAbsolutePath().toString());
        command.addAll(dynamic);
        Process p =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        return p.pid();
    }

    /**
     * This JVM's class path less what a Flink distribution's lib/ would not hold: the monitor's own
     * jars, the Kafka connector and clients, the test broker. The job brings those in its jar; were
     * they also on the cluster's class path, Flink's parent-first loading of {@code
     * org.apache.flink} would load the connector from here and Kafka's classes from the job jar.
     * DJL stays: its native library can be loaded once per JVM, so it is loaded parent-first.
     */
    static String classPath() {
        StringBuilder kept = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (NOT_ON_CLUSTER.stream().noneMatch(name::startsWith)) {
                kept.append(kept.isEmpty() ? "" : File.pathSeparator).append(entry);
            }
        }
        return kept.toString();
    }

    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        for (String w : line.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
