package org.oodmonitor.job;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink MiniCluster of the integration tests: one task manager with two slots. */
public final class TestClusters {

    private TestClusters() {}

    /** A new extension; register it as a static field with {@code @RegisterExtension}. */
    public static MiniClusterExtension flink() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }
}
