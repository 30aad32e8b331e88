package org.oodmonitor.job.demo;

import java.io.PrintStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.RecordType;

/** Prints the demo's progress, one readable line per record. */
final class DemoPrinter {

    private final PrintStream out;

    DemoPrinter(PrintStream out) {
        this.out = out;
    }

    void broker(String bootstrapServers, String description) {
        out.printf("Kafka broker at %s (%s)%n", bootstrapServers, description);
    }

    void sent(int records, int topics) {
        out.printf("Sent %d example records to %d topics in one transaction%n", records, topics);
    }

    void valid(ConsumerRecord<byte[], byte[]> record, RecordType<?> type, Object value) {
        out.printf(
                "  ok    %-22s %s-%d@%d  %s%n",
                type.name(),
                record.topic(),
                record.partition(),
                record.offset(),
                abbreviate(value));
    }

    void deadLettered(DeadLetter letter) {
        out.printf(
                "  DLQ   %-22s %s-%d@%d  %s%n",
                letter.errorCode(),
                letter.originalTopic(),
                letter.originalPartition(),
                letter.originalOffset(),
                abbreviate(letter.errorMessage()));
    }

    void summary(DemoSummary summary) {
        out.println(summary.line());
    }

    private static String abbreviate(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 110 ? text : text.substring(0, 107) + "...";
    }
}
