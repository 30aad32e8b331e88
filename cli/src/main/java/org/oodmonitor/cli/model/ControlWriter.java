package org.oodmonitor.cli.model;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.oodmonitor.job.PipelineSettings;
import org.oodmonitor.job.config.KafkaSettings;
import org.oodmonitor.job.control.CommandCheck;
import org.oodmonitor.job.control.ControlTopic;
import org.oodmonitor.job.control.ModelTimeline;
import org.oodmonitor.schemas.ModelCommand;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;
import org.oodmonitor.schemas.text.Printable;

/**
 * Checks a command as the job will (against the control topic's commands so far and, for a deploy,
 * the model's files) and writes it to the control topic, so that a command the job would refuse is
 * a one-line error here instead.
 */
final class ControlWriter {

    private ControlWriter() {}

    /**
     * @throws IllegalArgumentException with the reason the job would refuse {@code command}
     */
    static void write(Configuration config, ModelCommand command, PrintWriter out)
            throws Exception {
        write(config, timeline -> command, out);
    }

    /**
     * Like {@link #write(Configuration, ModelCommand, PrintWriter)}, with the command made from the
     * timeline of the control topic's accepted commands (a cancel names what it undoes).
     *
     * @throws IllegalArgumentException with the reason the job would refuse the command
     */
    static void write(
            Configuration config,
            java.util.function.Function<ModelTimeline, ModelCommand> make,
            PrintWriter out)
            throws Exception {
        KafkaSettings kafka = KafkaSettings.from(config);
        if (!kafka.topics().controlled()) {
            throw new IllegalArgumentException(
                    "ood.topics.control is empty: model control is off for this job");
        }
        CommandCheck check = PipelineSettings.from(config).commandCheck();
        ControlTopic.Read read = ControlTopic.read(kafka, check);
        ModelTimeline timeline = check.timeline(read.accepted());
        ModelCommand command = make.apply(timeline);
        var refusal = check.refusal(timeline, command, System.currentTimeMillis());
        if (refusal.isPresent()) {
            throw new IllegalArgumentException(
                    "the job would refuse this command: " + Printable.of(refusal.get()));
        }
        Properties props = kafka.connectionProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(
                            new ProducerRecord<>(
                                    kafka.topics().control(),
                                    command.commandId()
                                            .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                    new RecordWriter<>(RecordType.MODEL_COMMAND).write(command)))
                    .get(30, TimeUnit.SECONDS);
        }
        out.printf(
                "ood-monitor model %s: command %s written to %s: %s %s of %s from event time %s"
                        + " (%d). Follow it with 'ood-monitor model status'.%n",
                command.isDeploy() && command.isShadow() ? "shadow" : command.action(),
                command.commandId(),
                kafka.topics().control(),
                command.action(),
                command.modelVersion(),
                command.modelName(),
                Instant.ofEpochMilli(command.effectiveFrom()),
                command.effectiveFrom());
    }
}
