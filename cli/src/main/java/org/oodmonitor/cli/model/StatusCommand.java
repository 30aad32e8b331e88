package org.oodmonitor.cli.model;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.oodmonitor.cli.HelpOption;
import org.oodmonitor.cli.JobOptions;
import org.oodmonitor.job.config.KafkaSettings;
import org.oodmonitor.job.control.TopicToEnd;
import org.oodmonitor.schemas.ControlStatus;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.ReadResult;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.text.Printable;
import org.oodmonitor.schemas.validation.ValidationLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** Command line: {@code ood-monitor model status}; what became of each control command. */
@Command(
        name = "status",
        header = "Print what became of each control command, per scoring subtask.",
        description =
                "Reads the control-status topic to its end and prints one line per command:"
                    + " accepted or rejected (with the reason), and on which subtasks it was"
                    + " applied or failed. A command that reached a subtask after events it applies"
                    + " to is marked late there.")
public final class StatusCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Mixin private JobOptions job;

    @Mixin private HelpOption help;

    @Spec private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        KafkaSettings kafka = KafkaSettings.from(job.config());
        String topic = kafka.topics().controlStatus();
        if (topic.isBlank()) {
            throw new IllegalArgumentException("ood.topics.control-status is empty: no statuses");
        }
        print(read(kafka, topic), spec.commandLine().getOut());
        return 0;
    }

    /**
     * One record of the status topic: a status, or why a record there is not one (a status written
     * by another build, or by something else than the monitor), with its coordinates.
     */
    record Entry(ControlStatus status, String malformed, String where) {}

    static List<Entry> read(KafkaSettings kafka, String topic) {
        Properties props = kafka.connectionProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        RecordReader<ControlStatus> reader =
                new RecordReader<>(RecordType.CONTROL_STATUS, ValidationLimits.defaults());
        List<Entry> entries = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic, TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist");
            }
            List<TopicPartition> assigned =
                    partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            for (var record : TopicToEnd.read(consumer, TIMEOUT)) {
                String where = record.topic() + "-" + record.partition() + "@" + record.offset();
                ReadResult<ControlStatus> read =
                        record.value() == null ? null : reader.read(record.value());
                entries.add(
                        read != null && read.isOk()
                                ? new Entry(read.value(), null, where)
                                : new Entry(
                                        null,
                                        read == null ? "empty record" : read.errorMessage(),
                                        where));
            }
        }
        return entries;
    }

    /**
     * One line per command, in the order the job decided them; one per record that is not a
     * command, and one per status record that cannot be read, so that nothing on the topic goes
     * unshown.
     */
    static void print(List<Entry> entries, PrintWriter out) {
        Map<String, List<ControlStatus>> byCommand = new LinkedHashMap<>();
        int others = 0;
        for (Entry entry : entries) {
            ControlStatus status = entry.status();
            if (status == null) {
                out.println(
                        "(status record "
                                + entry.where()
                                + ") malformed: "
                                + Printable.cut(entry.malformed(), ControlStatus.MAX_REASON_CHARS));
                others++;
            } else if (status.commandId() == null) {
                out.println(
                        "(record "
                                + Printable.of(String.valueOf(status.record()))
                                + ") rejected: "
                                + Printable.of(status.reason()));
                others++;
            } else {
                byCommand.computeIfAbsent(status.commandId(), k -> new ArrayList<>()).add(status);
            }
        }
        byCommand.forEach((id, list) -> out.println(line(id, list)));
        if (byCommand.isEmpty() && others == 0) {
            out.println("no control commands yet");
        }
    }

    static String line(String id, List<ControlStatus> list) {
        ControlStatus first = list.get(0);
        StringBuilder line =
                new StringBuilder(
                        Printable.of(
                                id
                                        + ": "
                                        + first.action()
                                        + " "
                                        + first.modelName()
                                        + " "
                                        + first.modelVersion()
                                        + " from "
                                        + (first.effectiveFrom() == null
                                                ? "?"
                                                : Instant.ofEpochMilli(first.effectiveFrom()))));
        Map<Integer, ControlStatus> subtasks = new TreeMap<>();
        for (ControlStatus status : list) {
            switch (status.state()) {
                case ControlStatus.ACCEPTED -> line.append(": accepted");
                case ControlStatus.REJECTED ->
                        line.append(": rejected: ").append(Printable.of(status.reason()));
                default -> subtasks.put(status.subtask(), status);
            }
        }
        subtasks.forEach(
                (subtask, status) -> {
                    line.append("; subtask ").append(subtask).append(' ').append(status.state());
                    if (status.reason() != null) {
                        line.append(" (").append(Printable.of(status.reason())).append(')');
                    } else if (status.late()) {
                        line.append(" late (it had scored events up to ")
                                .append(Instant.ofEpochMilli(status.newestEventBefore()))
                                .append(" with the previous version)");
                    }
                });
        return line.toString();
    }
}
