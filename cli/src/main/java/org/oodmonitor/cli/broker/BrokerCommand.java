package org.oodmonitor.cli.broker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.cli.HelpOption;
import org.oodmonitor.kafka.BrokerMode;
import org.oodmonitor.kafka.KafkaBroker;
import org.oodmonitor.kafka.LocalKafka;
import org.oodmonitor.kafka.TopicAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Command line: {@code ood-monitor broker}; runs a local Kafka broker until interrupted. */
@Command(
        name = "broker",
        header = "Run a local single-node Kafka broker until Ctrl-C.",
        description = "Runs a real single-node Kafka broker on loopback until Ctrl-C.")
public final class BrokerCommand implements Callable<Integer> {

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "9092",
            description = "PLAINTEXT port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Keep data in DIR, so that a broker started again on it keeps its topics"
                            + " and records (default: a temporary directory, removed on exit).")
    private Path dataDir;

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            description = "auto | process | container (default: $OOD_KAFKA_MODE or auto).")
    private String mode;

    @Option(
            names = "--topic",
            paramLabel = "NAME[:P]",
            description = "Create topic NAME with P partitions (default 1); repeatable.")
    private List<String> topicSpecs = List.of();

    @Option(
            names = "--sasl-ssl",
            paramLabel = "FILE",
            description =
                    "Add a listener that wants TLS and a SCRAM-SHA-256 login (self-signed"
                            + " certificate, random passwords), print its address, and write what"
                            + " a client needs to FILE (owner-only), for"
                            + " ood.kafka.properties-file or demo --kafka-properties.")
    private Path saslSsl;

    @Mixin private HelpOption help;

    public static void main(String[] args) {
        CommandRunner.exit(new BrokerCommand(), args);
    }

    @Override
    public Integer call() throws InterruptedException {
        LocalKafka.Builder builder = LocalKafka.builder().port(port).saslSsl(saslSsl != null);
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        if (mode != null) {
            builder.mode(BrokerMode.parse(mode));
        }
        Map<String, Integer> topics = new LinkedHashMap<>();
        topicSpecs.forEach(spec -> addTopic(topics, spec));
        KafkaBroker broker;
        try {
            broker = builder.build().start();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start Kafka: " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    broker.close();
                                    stopped.countDown();
                                }));
        if (saslSsl != null) {
            ClientPropertiesFile.write(saslSsl, broker.clientProperties());
        }
        if (!topics.isEmpty()) {
            try (TopicAdmin admin = TopicAdmin.of(broker)) {
                admin.createTopics(topics);
            }
        }
        System.out.println(
                "Kafka broker running at "
                        + broker.bootstrapServers()
                        + " ("
                        + broker.description()
                        + (saslSsl == null ? "" : "; client settings in " + saslSsl)
                        + "); topics: "
                        + (topics.isEmpty() ? "none" : topics.keySet())
                        + ". Ctrl-C stops it.");
        stopped.await();
        return 0;
    }

    static void addTopic(Map<String, Integer> topics, String spec) {
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
