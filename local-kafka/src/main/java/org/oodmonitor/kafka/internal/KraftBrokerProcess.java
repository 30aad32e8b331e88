package org.oodmonitor.kafka.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.oodmonitor.kafka.KafkaBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A single-node KRaft broker (broker and controller) in a child JVM on loopback ports. */
public final class KraftBrokerProcess implements KafkaBroker {

    private static final Logger LOG = LoggerFactory.getLogger(KraftBrokerProcess.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final String bootstrapServers;
    private final SaslSslListener secured;
    private final Thread shutdownHook;
    private boolean closed;

    private KraftBrokerProcess(
            Process process,
            Path dataDir,
            boolean ownsDataDir,
            String bootstrapServers,
            SaslSslListener secured) {
        this.process = process;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.bootstrapServers = bootstrapServers;
        this.secured = secured;
        this.shutdownHook = new Thread(this::stopProcess, "kafka-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Formats the storage, starts the broker and waits until it answers.
     *
     * @param port PLAINTEXT port, or 0 for a free one
     * @param dataDir where data and logs go, or null for a temporary directory removed on close
     * @param throughputJvm whether the broker JVM is tuned for throughput (C2, G1, a fixed heap)
     *     rather than for a fast start
     * @param saslSsl whether to add a SASL_SSL listener, which clients are then given; the
     *     PLAINTEXT one stays for the broker itself
     */
    public static KraftBrokerProcess start(
            int port,
            Path dataDir,
            Map<String, String> overrides,
            String heap,
            boolean throughputJvm,
            Duration startupTimeout,
            boolean saslSsl) {
        boolean owns = dataDir == null;
        Path dir;
        try {
            dir = owns ? Files.createTempDirectory("ood-kafka-") : Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the broker data directory", e);
        }
        int brokerPort = port == 0 ? freePort() : port;
        Path config = dir.resolve("server.properties");
        // Formatting again would give the storage a new cluster id, which the broker then
        // refuses; a directory that holds a broker's data is restarted on as it is.
        boolean formatted = Files.exists(dir.resolve("data").resolve("meta.properties"));
        int controllerPort = formatted ? previousControllerPort(config) : freePort();
        String bootstrap = "127.0.0.1:" + brokerPort;
        Path log = dir.resolve("broker.log");
        String classpath = BrokerClasspath.resolve();
        Process process = null;
        try {
            if (saslSsl && formatted) {
                throw new IOException(
                        "a broker with a SASL_SSL listener starts on fresh storage only, and "
                                + dir
                                + " holds a broker's data");
            }
            SaslSslListener secured = saslSsl ? SaslSslListener.create(dir) : null;
            int securedPort = saslSsl ? freePort() : -1;
            Map<String, String> settings = new LinkedHashMap<>();
            if (secured != null) {
                settings.put(
                        "listeners",
                        "PLAINTEXT://127.0.0.1:"
                                + brokerPort
                                + ",CONTROLLER://127.0.0.1:"
                                + controllerPort
                                + ",SASL_SSL://127.0.0.1:"
                                + securedPort);
                settings.put(
                        "advertised.listeners",
                        "PLAINTEXT://127.0.0.1:"
                                + brokerPort
                                + ",SASL_SSL://127.0.0.1:"
                                + securedPort);
                settings.put(
                        "listener.security.protocol.map",
                        "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL");
                settings.putAll(secured.brokerProperties());
            }
            settings.putAll(overrides);
            writeConfig(config, dir, brokerPort, controllerPort, settings);
            if (formatted) {
                LOG.info("Restarting on the existing broker data in {}", dir);
            } else {
                format(classpath, config, log, secured);
            }
            List<String> command = java(classpath, heap, throughputJvm);
            command.add(ParentWatchingBrokerMain.class.getName());
            command.add(Long.toString(ProcessHandle.current().pid()));
            command.add(config.toString());
            process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .start();
            KraftBrokerProcess broker =
                    new KraftBrokerProcess(
                            process,
                            dir,
                            owns,
                            secured == null ? bootstrap : "127.0.0.1:" + securedPort,
                            secured);
            try {
                BrokerReadiness.await(bootstrap, process, startupTimeout);
            } catch (RuntimeException e) {
                String tail = LogTail.read(log, 40);
                broker.close();
                throw new IllegalStateException(
                        e.getMessage() + "\n--- broker log (last lines) ---\n" + tail, e);
            }
            LOG.info("KRaft broker pid {} at {}, data in {}", process.pid(), bootstrap, dir);
            return broker;
        } catch (IOException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            if (owns) {
                Directories.deleteQuietly(dir);
            }
            throw new UncheckedIOException("Cannot start the Kafka broker: " + e.getMessage(), e);
        }
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public String description() {
        return "KRaft process pid " + process.pid() + (secured == null ? "" : ", SASL_SSL");
    }

    @Override
    public Properties clientProperties() {
        return secured == null ? new Properties() : secured.clientProperties();
    }

    /** The SASL_SSL listener's credentials, or null when the broker has none. */
    public SaslSslListener saslSsl() {
        return secured;
    }

    /** Process id of the broker's JVM. */
    public long pid() {
        return process.pid();
    }

    /** The broker's data directory. */
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and the hook is running.
        }
        if (ownsDataDir) {
            Directories.deleteQuietly(dataDir);
        }
    }

    private void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("Broker did not stop in {}; killing it", STOP_TIMEOUT);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void writeConfig(
            Path config, Path dir, int port, int controllerPort, Map<String, String> overrides)
            throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.putAll(overrides);
        StringBuilder text = new StringBuilder("# Written by ood-local-kafka\n");
        p.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        // Owner-only before a byte is written: with a SASL_SSL listener it holds the key store's
        // password.
        Files.deleteIfExists(config);
        Files.createFile(
                config,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(config, text, StandardCharsets.UTF_8);
    }

    /**
     * The controller port that {@code config}, written by an earlier start, names, if it is still
     * free; otherwise a free one.
     */
    private static int previousControllerPort(Path config) {
        try {
            Properties previous = new Properties();
            try (var in = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                previous.load(in);
            }
            String voters = previous.getProperty("controller.quorum.voters", "");
            int port = Integer.parseInt(voters.substring(voters.lastIndexOf(':') + 1));
            try (ServerSocket socket =
                    new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            }
        } catch (IOException | RuntimeException e) {
            return freePort();
        }
    }

    private static void format(String classpath, Path config, Path log, SaslSslListener secured)
            throws IOException {
        List<String> command = java(classpath, "256m", false);
        command.addAll(
                List.of(
                        StorageFormatMain.class.getName(),
                        "format",
                        "--cluster-id",
                        Uuid.randomUuid().toString(),
                        "--config",
                        config.toString()));
        // The SCRAM user's password goes through the child's standard input: on its command
        // line every user's ps would show it.
        String secretArguments =
                secured == null ? "" : "--add-scram\n" + secured.scramFormatArgument() + "\n";
        ShortProcess.run("formatting the storage", command, Map.of(), secretArguments, log, 20);
    }

    /**
     * @param throughputJvm a JVM tuned like a production broker's (the C2 compiler, G1 with a fixed
     *     heap) instead of one that starts fast (C1 only, the serial collector)
     */
    private static List<String> java(String classpath, String heap, boolean throughputJvm) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        if (throughputJvm) {
            command.add("-Xms" + heap);
            command.add("-XX:+UseG1GC");
            command.add("-XX:MaxGCPauseMillis=20");
        } else {
            command.add("-XX:+UseSerialGC");
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=org/oodmonitor/kafka/broker-log4j2.properties");
        command.add("-cp");
        command.add(classpath);
        return command;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }
}
