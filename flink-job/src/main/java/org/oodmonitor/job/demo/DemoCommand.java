package org.oodmonitor.job.demo;

import java.io.PrintStream;
import org.oodmonitor.kafka.KafkaBroker;
import org.oodmonitor.kafka.LocalKafka;
import org.oodmonitor.kafka.TopicAdmin;

/**
 * Command line: {@code ood-monitor demo}. Starts a real local Kafka broker (unless one is given),
 * creates the topics, and runs the schema round trip over them.
 */
public final class DemoCommand {

    static final String USAGE =
            """
            Usage: ood-monitor demo [--bootstrap-servers HOST:PORT]
              Starts a local Kafka broker (or uses the one given), creates the monitor's topics,
              sends every example record (valid and invalid) in one transaction, reads them back
              read_committed, and sends the invalid ones to the dead-letter topic with the reason.
            """;

    private DemoCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String bootstrap = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return 0;
                }
                case "--bootstrap-servers" -> {
                    if (i + 1 >= args.length) {
                        err.println("ood-monitor demo: --bootstrap-servers needs a value");
                        return 2;
                    }
                    bootstrap = args[++i];
                }
                default -> {
                    err.println("ood-monitor demo: unknown option " + args[i] + " (see --help)");
                    return 2;
                }
            }
        }
        DemoPrinter printer = new DemoPrinter(out);
        try (KafkaBroker broker = bootstrap == null ? LocalKafka.builder().build().start() : null) {
            String servers = broker == null ? bootstrap : broker.bootstrapServers();
            printer.broker(servers, broker == null ? "given" : broker.description());
            try (TopicAdmin admin = new TopicAdmin(servers)) {
                admin.createTopics(DemoTopics.partitions());
            }
            DemoSummary summary = new SchemaRoundTripDemo(servers, printer).run();
            printer.summary(summary);
            return 0;
        } catch (RuntimeException e) {
            err.println("ood-monitor demo: " + e.getMessage());
            return 1;
        }
    }
}
