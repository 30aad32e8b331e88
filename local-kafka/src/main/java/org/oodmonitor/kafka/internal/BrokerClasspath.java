package org.oodmonitor.kafka.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The class path of the broker's child JVM: the Kafka server jars recorded by the build, plus this
 * module's own classes. Falls back to this JVM's class path.
 */
final class BrokerClasspath {

    static final String RESOURCE = "/org/oodmonitor/kafka/broker.classpath";

    private BrokerClasspath() {}

    static String resolve() {
        Set<String> entries = new LinkedHashSet<>();
        entries.add(ownLocation());
        String recorded = readRecorded();
        String source = recorded != null ? recorded : System.getProperty("java.class.path");
        for (String entry : source.trim().split(File.pathSeparator)) {
            if (!entry.isBlank() && new File(entry).exists()) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String readRecorded() {
        try (InputStream in = BrokerClasspath.class.getResourceAsStream(RESOURCE)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    private static String ownLocation() {
        try {
            return Path.of(
                            BrokerClasspath.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the local-kafka classes", e);
        }
    }
}
