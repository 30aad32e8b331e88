package org.oodmonitor.job.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.Locale;
import java.util.Properties;

/**
 * Opens the trust and key stores that Kafka client settings name, with their passwords, so that a
 * wrong password or a missing file is a one-line error naming the setting, where Kafka's client
 * says only "Failed to create new KafkaAdminClient".
 */
final class ClientStores {

    private ClientStores() {}

    /**
     * Checks the stores of {@code ssl.truststore.*}, {@code ssl.keystore.*} and {@code
     * ssl.key.password} in {@code clients} where its {@code security.protocol} uses TLS.
     *
     * @throws IllegalArgumentException with one line that names the setting, the file and the
     *     cause, never a password
     */
    static void check(Properties clients) {
        String protocol = clients.getProperty("security.protocol", "PLAINTEXT");
        if (!protocol.equalsIgnoreCase("SSL") && !protocol.equalsIgnoreCase("SASL_SSL")) {
            // Kafka reads no store without TLS; neither does this check.
            return;
        }
        open(clients, "ssl.truststore");
        KeyStore keys = open(clients, "ssl.keystore");
        if (keys != null) {
            checkKeys(clients, keys);
        }
    }

    /** The store {@code prefix.location} names, opened; null where none or not a key store file. */
    private static KeyStore open(Properties clients, String prefix) {
        String location = clients.getProperty(prefix + ".location");
        if (location == null || location.isBlank()) {
            return null;
        }
        String type = clients.getProperty(prefix + ".type", "JKS").toUpperCase(Locale.ROOT);
        if (!type.equals("JKS") && !type.equals("PKCS12")) {
            // PEM files and providers' own types are Kafka's to read.
            return null;
        }
        Path file = Path.of(location);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    prefix
                            + ".location: "
                            + location
                            + (Files.exists(file) ? " is not a regular file" : " does not exist"));
        }
        String passwordKey = prefix + ".password";
        String password = clients.getProperty(passwordKey);
        if (password == null && prefix.equals("ssl.keystore")) {
            throw new IllegalArgumentException(
                    prefix + ".location is set but " + passwordKey + " is not");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException e) {
            // KeyStore.load says a password is wrong by an IOException caused by this one.
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException(
                        passwordKey + " does not open " + location + ": " + e.getMessage(), e);
            }
            throw new IllegalArgumentException(
                    prefix + ".location: cannot read " + location + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    prefix + ".location: cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    /** Recovers each private key with the password Kafka uses for it. */
    private static void checkKeys(Properties clients, KeyStore keys) {
        String passwordKey =
                clients.getProperty("ssl.key.password") != null
                        ? "ssl.key.password"
                        : "ssl.keystore.password";
        char[] password = clients.getProperty(passwordKey).toCharArray();
        String location = clients.getProperty("ssl.keystore.location");
        try {
            for (String alias : Collections.list(keys.aliases())) {
                if (keys.isKeyEntry(alias)) {
                    try {
                        keys.getKey(alias, password);
                    } catch (UnrecoverableKeyException e) {
                        throw new IllegalArgumentException(
                                passwordKey
                                        + " does not open the key '"
                                        + alias
                                        + "' in "
                                        + location
                                        + ": "
                                        + e.getMessage(),
                                e);
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "ssl.keystore.location: cannot read the keys of "
                            + location
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
