package org.oodmonitor.kafka.internal;

import java.util.Arrays;

/**
 * Entry point of the broker's child JVM: runs {@code kafka.Kafka} and exits when the parent process
 * dies, so that a killed test run never leaves a broker behind.
 */
public final class ParentWatchingBrokerMain {

    private ParentWatchingBrokerMain() {}

    /**
     * @param args the parent's pid, then the arguments of {@code kafka.Kafka}
     */
    public static void main(String[] args) {
        long parent = Long.parseLong(args[0]);
        ProcessHandle.of(parent)
                .ifPresentOrElse(
                        handle ->
                                handle.onExit()
                                        .thenRun(
                                                () -> {
                                                    System.err.println(
                                                            "Parent process "
                                                                    + parent
                                                                    + " exited; stopping the"
                                                                    + " broker");
                                                    System.exit(0);
                                                }),
                        () -> System.exit(0));
        kafka.Kafka.main(Arrays.copyOfRange(args, 1, args.length));
    }
}
