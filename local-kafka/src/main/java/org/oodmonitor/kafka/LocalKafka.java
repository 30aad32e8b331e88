package org.oodmonitor.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.oodmonitor.kafka.internal.ContainerBroker;
import org.oodmonitor.kafka.internal.DockerProbe;
import org.oodmonitor.kafka.internal.KraftBrokerProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and starts a real local Kafka broker.
 *
 * <pre>{@code
 * try (KafkaBroker broker = LocalKafka.builder().build().start()) {
 *     String servers = broker.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>The mode defaults to the environment variable {@value #MODE_ENV}, else {@link
 * BrokerMode#AUTO}.
 */
public final class LocalKafka {

    /** Environment variable that picks the {@link BrokerMode}. */
    public static final String MODE_ENV = "OOD_KAFKA_MODE";

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);

    private final BrokerMode mode;
    private final int port;
    private final Path dataDir;
    private final Duration startupTimeout;
    private final Map<String, String> brokerProperties;
    private final String heap;
    private final boolean saslSsl;
    private final boolean throughputJvm;

    private LocalKafka(Builder b) {
        this.mode = b.mode;
        this.port = b.port;
        this.dataDir = b.dataDir;
        this.startupTimeout = b.startupTimeout;
        this.brokerProperties = Map.copyOf(b.brokerProperties);
        this.heap = b.heap;
        this.saslSsl = b.saslSsl;
        this.throughputJvm = b.throughputJvm;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the broker and waits until it answers.
     *
     * @throws IllegalStateException with the broker's log tail when it does not start in time
     */
    public KafkaBroker start() {
        BrokerMode effective = mode;
        if (effective == BrokerMode.AUTO) {
            effective =
                    !saslSsl && DockerProbe.dockerAvailable()
                            ? BrokerMode.CONTAINER
                            : BrokerMode.PROCESS;
            LOG.info("Broker mode auto: using {}", effective.name().toLowerCase());
        }
        KafkaBroker broker =
                effective == BrokerMode.CONTAINER
                        ? ContainerBroker.start(brokerProperties, startupTimeout)
                        : KraftBrokerProcess.start(
                                port,
                                dataDir,
                                brokerProperties,
                                heap,
                                throughputJvm,
                                startupTimeout,
                                saslSsl);
        LOG.info("Kafka broker ready at {} ({})", broker.bootstrapServers(), broker.description());
        return broker;
    }

    /** Configures a {@link LocalKafka}; {@link #build()} checks every setting. */
    public static final class Builder {
        private BrokerMode mode = modeFromEnvironment();
        private int port = 0;
        private Path dataDir;
        private Duration startupTimeout = Duration.ofSeconds(90);
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private String heap = "512m";
        private boolean saslSsl;
        private boolean throughputJvm;

        private Builder() {}

        /**
         * Whether the broker process runs a JVM tuned for throughput, as a production broker would
         * (C2, G1, a fixed heap), instead of the default that starts fast (C1 only, the serial
         * collector), which caps throughput; for benchmarks. Process mode only.
         */
        public Builder throughputJvm(boolean throughputJvm) {
            this.throughputJvm = throughputJvm;
            return this;
        }

        public Builder mode(BrokerMode mode) {
            this.mode = mode;
            return this;
        }

        /** Loopback port of the PLAINTEXT listener; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Directory for the broker's data and log. Default: a new temporary directory, removed on
         * close. A directory given here is kept.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** Adds or overrides one broker setting, for example {@code transaction.max.timeout.ms}. */
        public Builder brokerProperty(String key, String value) {
            this.brokerProperties.put(key, value);
            return this;
        }

        /**
         * Whether clients must connect over TLS with a SCRAM-SHA-256 login: the broker then gets a
         * self-signed certificate and one user with random passwords, made at start, and {@link
         * KafkaBroker#bootstrapServers()} and {@link KafkaBroker#clientProperties()} lead there.
         * Process mode only, on fresh storage.
         */
        public Builder saslSsl(boolean saslSsl) {
            this.saslSsl = saslSsl;
            return this;
        }

        /** Maximum heap of the broker process, as for {@code -Xmx}. */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming every invalid setting
         */
        public LocalKafka build() {
            List<String> errors = new ArrayList<>();
            if (mode == null) {
                errors.add("mode must be set");
            }
            if (port < 0 || port > 65535) {
                errors.add("port must be 0 (any free port) or 1-65535, was " + port);
            }
            if (startupTimeout == null || startupTimeout.isNegative() || startupTimeout.isZero()) {
                errors.add("startupTimeout must be positive, was " + startupTimeout);
            }
            if (heap == null || !heap.matches("[0-9]+[kmgKMG]?")) {
                errors.add("heap must look like 512m or 2g, was " + heap);
            }
            if (mode == BrokerMode.CONTAINER && (port != 0 || dataDir != null || saslSsl)) {
                errors.add("port, dataDir and saslSsl apply to the process mode only");
            }
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException(
                        "Invalid local Kafka settings: " + String.join("; ", errors));
            }
            return new LocalKafka(this);
        }

        private static BrokerMode modeFromEnvironment() {
            String value = System.getenv(MODE_ENV);
            return value == null || value.isBlank() ? BrokerMode.AUTO : BrokerMode.parse(value);
        }
    }
}
