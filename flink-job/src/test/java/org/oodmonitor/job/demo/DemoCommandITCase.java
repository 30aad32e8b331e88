package org.oodmonitor.job.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.ErrorCode;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.examples.ExampleRecords;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.validation.ValidationLimits;

/** The demo against a real broker: every invalid example ends in the dead-letter topic. */
class DemoCommandITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @Test
    void demoDeadLettersEveryInvalidExampleWithItsReasonAndCoordinates() {
        long start = System.currentTimeMillis();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit =
                DemoCommand.run(
                        new String[] {"--bootstrap-servers", KAFKA.bootstrapServers()},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).as("stderr: %s", err).isZero();
        long valid = ExampleRecords.all().stream().filter(ExampleRecords.Example::valid).count();
        long invalid = ExampleRecords.all().size() - valid;
        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(output)
                .contains("records: " + (valid + invalid) + ", valid: " + valid + " ")
                .contains(", dead letters: " + invalid + " ");

        // The topic also holds the valid dead-letter example, which the demo sent itself.
        List<DeadLetter> letters = readDeadLetters((int) invalid + 1);
        List<DeadLetter> routed =
                letters.stream().filter(l -> l.deadLetterTime() >= start).toList();
        assertThat(routed).hasSize((int) invalid);
        assertThat(routed)
                .extracting(DeadLetter::errorCode)
                .contains(
                        ErrorCode.MALFORMED_JSON,
                        ErrorCode.SCHEMA_VIOLATION,
                        ErrorCode.UNSUPPORTED_VERSION);
        assertThat(routed)
                .anySatisfy(
                        l -> {
                            assertThat(l.originalTopic()).isEqualTo(DemoTopics.FEATURES);
                            assertThat(l.errorMessage())
                                    .isEqualTo(
                                            "$.features[3]: NaN is not allowed;"
                                                    + " $.features[4]: Infinity is not allowed");
                            assertThat(l.originalOffset()).isNotNegative();
                            assertThat(l.payloadTruncated()).isFalse();
                        });
    }

    private static List<DeadLetter> readDeadLetters(int expected) {
        Properties props = KAFKA.consumerProperties("demo-it");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        RecordReader<DeadLetter> reader =
                new RecordReader<>(RecordType.DEAD_LETTER, ValidationLimits.defaults());
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(DemoTopics.DEAD_LETTER));
            long deadline = System.currentTimeMillis() + 30_000;
            while (letters.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500))
                        .forEach(
                                r -> {
                                    var result = reader.read(r.value());
                                    if (result.isOk()) {
                                        letters.add(result.value());
                                    }
                                });
            }
        }
        return letters;
    }
}
