package org.oodmonitor.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oodmonitor.kafka.internal.KraftBrokerProcess;
import org.oodmonitor.kafka.internal.SaslSslListener;

/**
 * The local broker with a SASL_SSL listener: clients with the login and trust store it hands out
 * read and write; clients without TLS, without a login or with a wrong password are refused; no
 * password is on the command line of a process the start runs.
 */
class SaslSslBrokerITCase {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA =
            KafkaBrokerExtension.create(
                    LocalKafka.builder().mode(BrokerMode.PROCESS).saslSsl(true));

    @Test
    void clientsWithTheLoginAndTrustStoreReadAndWrite() throws Exception {
        assertThat(KAFKA.broker().description()).endsWith("SASL_SSL");
        assertThat(KAFKA.broker().clientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256");
        KAFKA.createTopics(Map.of("secured", 1));

        Properties producerProps = KAFKA.producerProperties();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
            for (String v : List.of("a", "b", "c")) {
                producer.send(new ProducerRecord<>("secured", v.getBytes()))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        List<String> values = new ArrayList<>();
        Properties consumerProps = KAFKA.consumerProperties("secured-reader");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("secured"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < 3 && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            }
        }
        assertThat(values).containsExactly("a", "b", "c");
    }

    @Test
    void aWrongPasswordIsRefusedWithoutEchoingIt() {
        Properties props = KAFKA.broker().clientProperties();
        String wrong = "not-the-password-" + System.nanoTime();
        props.put("sasl.jaas.config", SaslSslListener.jaasConfig(SaslSslListener.USER, wrong));
        assertThatThrownBy(() -> listTopics(props))
                .hasStackTraceContaining("Authentication failed")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(wrong));
    }

    @Test
    void aClientWithoutTlsOrLoginGetsNothing() {
        Properties plain = new Properties();
        plain.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        plain.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        assertThatThrownBy(() -> listTopics(plain)).hasStackTraceContaining("TimeoutException");

        Properties noLogin = KAFKA.broker().clientProperties();
        noLogin.put("security.protocol", "SSL");
        noLogin.remove("sasl.jaas.config");
        noLogin.remove("sasl.mechanism");
        noLogin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        noLogin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        assertThatThrownBy(() -> listTopics(noLogin)).hasStackTraceContaining("TimeoutException");
    }

    @Test
    void theBrokerConfigurationHoldsNoClientPassword() throws Exception {
        KraftBrokerProcess broker = (KraftBrokerProcess) KAFKA.broker();
        String config = Files.readString(broker.dataDir().resolve("server.properties"));
        assertThat(config).doesNotContain(broker.saslSsl().userPassword());
        assertThat(config).doesNotContain(broker.saslSsl().trustStorePassword());
    }

    @Test
    void noChildProcessHasAPasswordOnItsCommandLine() throws Exception {
        assumeTrue(
                Files.isReadable(Path.of("/proc/self/cmdline")),
                "command lines are read from /proc");
        Set<String> commandLines = ConcurrentHashMap.newKeySet();
        AtomicBoolean watching = new AtomicBoolean(true);
        // Every child the start runs is a JVM that lives for a good part of a second at least,
        // so a watcher that looks every few milliseconds sees each of them.
        Thread watcher =
                new Thread(
                        () -> {
                            while (watching.get()) {
                                ProcessHandle.current()
                                        .descendants()
                                        .forEach(child -> commandLines.add(commandLine(child)));
                                LockSupport.parkNanos(2_000_000);
                            }
                        },
                        "command-line-watcher");
        watcher.start();
        List<String> passwords = new ArrayList<>();
        Set<PosixFilePermission> configPermissions = new HashSet<>();
        try (KafkaBroker broker =
                LocalKafka.builder().mode(BrokerMode.PROCESS).saslSsl(true).build().start()) {
            KraftBrokerProcess process = (KraftBrokerProcess) broker;
            Path config = process.dataDir().resolve("server.properties");
            Properties server = new Properties();
            try (var in = Files.newBufferedReader(config)) {
                server.load(in);
            }
            passwords.add(process.saslSsl().userPassword());
            passwords.add(process.saslSsl().trustStorePassword());
            passwords.add(server.getProperty("listener.name.sasl_ssl.ssl.keystore.password"));
            configPermissions.addAll(Files.getPosixFilePermissions(config));
            commandLines.add(commandLine(ProcessHandle.of(process.pid()).orElseThrow()));
        } finally {
            watching.set(false);
            watcher.join();
        }

        assertThat(passwords).doesNotContainNull().allMatch(p -> p.startsWith("s3cr3t-"));
        for (String password : passwords) {
            assertThat(commandLines).noneMatch(c -> c.contains(password));
        }
        assertThat(commandLines)
                .as("the children the start ran")
                .anyMatch(c -> c.contains("keytool") && c.contains(" -genkeypair "))
                .anyMatch(c -> c.contains("keytool") && c.contains(" -exportcert "))
                .anyMatch(c -> c.contains("keytool") && c.contains(" -importcert "))
                .anyMatch(c -> c.contains(" org.oodmonitor.kafka.internal.StorageFormatMain "))
                .anyMatch(
                        c ->
                                c.contains(
                                        " org.oodmonitor.kafka.internal.ParentWatchingBrokerMain"
                                                + " "));
        assertThat(configPermissions)
                .as("server.properties holds the key store password")
                .containsExactlyInAnyOrder(
                        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    /** What ps shows of {@code process}: its /proc/PID/cmdline, arguments joined by spaces. */
    private static String commandLine(ProcessHandle process) {
        try {
            byte[] raw =
                    Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            // It exited between the listing and the read.
            return "";
        }
    }

    @Test
    void securedModeIsForTheProcessBrokerOnly() {
        assertThatThrownBy(
                        () -> LocalKafka.builder().mode(BrokerMode.CONTAINER).saslSsl(true).build())
                .hasMessageContaining("saslSsl apply to the process mode only");
    }

    private static void listTopics(Properties props) throws Exception {
        Properties all = new Properties();
        all.putAll(props);
        all.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        all.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        all.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(all)) {
            admin.listTopics().names().get(20, TimeUnit.SECONDS);
        }
    }

    private static String stackTrace(Throwable e) {
        var out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
