package org.oodmonitor.kafka.internal;

import org.testcontainers.DockerClientFactory;

/** Answers whether a Docker engine is reachable, without failing when none is. */
public final class DockerProbe {

    private DockerProbe() {}

    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
