package org.oodmonitor.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Command line: runs a local Kafka broker until interrupted ({@code ood-monitor broker}).
 *
 * <pre>
 * ood-monitor broker [--port N] [--data-dir DIR] [--mode auto|process|container]
 *                    [--topic NAME[:PARTITIONS]]...
 * </pre>
 */
public final class BrokerLauncher {

    static final String USAGE =
            """
            Usage: ood-monitor broker [options]
              Runs a real single-node Kafka broker on loopback until Ctrl-C.
              --port N            PLAINTEXT port (default: 9092; 0 picks a free one)
              --data-dir DIR      keep data in DIR (default: a temporary directory, removed on exit)
              --mode MODE         auto | process | container (default: $OOD_KAFKA_MODE or auto)
              --topic NAME[:P]    create topic NAME with P partitions (default 1); repeatable
              --help              this text
            """;

    private BrokerLauncher() {}

    public static void main(String[] args) throws InterruptedException {
        LocalKafka.Builder builder = LocalKafka.builder().port(9092);
        Map<String, Integer> topics = new LinkedHashMap<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--help", "-h" -> {
                        System.out.print(USAGE);
                        return;
                    }
                    case "--port" -> builder.port(parsePort(value(args, ++i, "--port")));
                    case "--data-dir" -> builder.dataDir(Path.of(value(args, ++i, "--data-dir")));
                    case "--mode" -> builder.mode(BrokerMode.parse(value(args, ++i, "--mode")));
                    case "--topic" -> addTopic(topics, value(args, ++i, "--topic"));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            builder.build();
        } catch (IllegalArgumentException e) {
            System.err.println("ood-monitor broker: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        KafkaBroker broker;
        try {
            broker = builder.build().start();
        } catch (RuntimeException e) {
            System.err.println("ood-monitor broker: cannot start Kafka: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    broker.close();
                                    stopped.countDown();
                                }));
        if (!topics.isEmpty()) {
            try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
                admin.createTopics(topics);
            }
        }
        System.out.println(
                "Kafka broker running at "
                        + broker.bootstrapServers()
                        + " ("
                        + broker.description()
                        + "); topics: "
                        + (topics.isEmpty() ? "none" : topics.keySet())
                        + ". Ctrl-C stops it.");
        stopped.await();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number, was '" + text + "'");
        }
    }

    private static void addTopic(Map<String, Integer> topics, String spec) {
        String[] parts = spec.split(":", 2);
        int partitions = 1;
        if (parts.length == 2) {
            try {
                partitions = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                partitions = 0;
            }
            if (partitions < 1) {
                throw new IllegalArgumentException(
                        "--topic " + spec + ": partitions must be a positive number");
            }
        }
        if (parts[0].isBlank()) {
            throw new IllegalArgumentException("--topic needs a name");
        }
        topics.put(parts[0], partitions);
    }
}
