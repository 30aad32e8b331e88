package org.oodmonitor.kafka.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A SASL_SSL listener for the local broker: a self-signed certificate for 127.0.0.1 made with the
 * JDK's {@code keytool}, a client trust store, and one SCRAM-SHA-256 user, all with random
 * passwords made at start.
 */
public final class SaslSslListener {

    /** The SASL mechanism the listener offers. */
    public static final String MECHANISM = "SCRAM-SHA-256";

    /** The SCRAM user that clients log in as. */
    public static final String USER = "ood-client";

    /** The environment variable of a keytool child that holds the store's password. */
    private static final String PASSWORD_VARIABLE = "OOD_KEYTOOL_STORE_PASSWORD";

    private static final String ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final Path keyStore;
    private final Path trustStore;
    private final String keyStorePassword;
    private final String trustStorePassword;
    private final String userPassword;

    private SaslSslListener(Path dir, SecureRandom random) {
        this.keyStore = dir.resolve("broker-keystore.p12");
        this.trustStore = dir.resolve("client-truststore.p12");
        this.keyStorePassword = secret(random);
        this.trustStorePassword = secret(random);
        this.userPassword = secret(random);
    }

    /**
     * Makes the certificate and trust store in {@code dir}.
     *
     * @throws IOException when {@code keytool} fails, with its output
     */
    public static SaslSslListener create(Path dir) throws IOException {
        SaslSslListener listener = new SaslSslListener(dir, new SecureRandom());
        Path certificate = dir.resolve("broker.pem");
        Files.deleteIfExists(listener.keyStore);
        Files.deleteIfExists(listener.trustStore);
        // Passwords reach keytool through its environment: on its command line every user's
        // ps would show them.
        keytool(
                dir,
                listener.keyStorePassword,
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "7",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                listener.keyStore.toString(),
                "-storepass:env",
                PASSWORD_VARIABLE,
                "-keypass:env",
                PASSWORD_VARIABLE);
        keytool(
                dir,
                listener.keyStorePassword,
                "-exportcert",
                "-rfc",
                "-alias",
                "broker",
                "-keystore",
                listener.keyStore.toString(),
                "-storepass:env",
                PASSWORD_VARIABLE,
                "-file",
                certificate.toString());
        keytool(
                dir,
                listener.trustStorePassword,
                "-importcert",
                "-noprompt",
                "-alias",
                "broker",
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                listener.trustStore.toString(),
                "-storepass:env",
                PASSWORD_VARIABLE);
        return listener;
    }

    /** The broker settings of a listener named SASL_SSL on {@code port}. */
    Map<String, String> brokerProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put(
                "listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
        p.put("listener.name.sasl_ssl.ssl.keystore.location", keyStore.toString());
        p.put("listener.name.sasl_ssl.ssl.keystore.password", keyStorePassword);
        p.put("listener.name.sasl_ssl.ssl.key.password", keyStorePassword);
        return p;
    }

    /**
     * The argument of {@code StorageTool format --add-scram} that creates the user; it holds the
     * password, so it goes to {@link StorageFormatMain}'s standard input, not to a command line.
     */
    String scramFormatArgument() {
        return MECHANISM + "=[name=" + USER + ",password=" + userPassword + "]";
    }

    /** What a client needs to connect: protocol, mechanism, login and trust store. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.setProperty("security.protocol", "SASL_SSL");
        p.setProperty("sasl.mechanism", MECHANISM);
        p.setProperty("sasl.jaas.config", jaasConfig(USER, userPassword));
        p.setProperty("ssl.truststore.type", "PKCS12");
        p.setProperty("ssl.truststore.location", trustStore.toString());
        p.setProperty("ssl.truststore.password", trustStorePassword);
        return p;
    }

    /** The client login module line for {@code user} and {@code password}. */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user
                + "\" password=\""
                + password
                + "\";";
    }

    /** The SCRAM user's password, for tests that look for it where it must not be. */
    public String userPassword() {
        return userPassword;
    }

    /** The client trust store's password. */
    public String trustStorePassword() {
        return trustStorePassword;
    }

    private static String secret(SecureRandom random) {
        StringBuilder s = new StringBuilder("s3cr3t-");
        for (int i = 0; i < 24; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    /** Runs keytool with {@code password} in {@link #PASSWORD_VARIABLE} of its environment. */
    private static void keytool(Path dir, String password, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        ShortProcess.run(
                "running keytool " + args[0],
                command,
                Map.of(PASSWORD_VARIABLE, password),
                "",
                dir.resolve("keytool.log"),
                10);
    }
}
