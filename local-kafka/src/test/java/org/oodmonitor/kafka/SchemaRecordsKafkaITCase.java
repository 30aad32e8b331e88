package org.oodmonitor.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.ReadResult;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.serialization.RecordWriter;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * Records of every schema type travel through a real broker: written by a transactional producer,
 * read back by a read_committed consumer, equal to what was sent; an aborted transaction stays
 * invisible to read_committed and visible to read_uncommitted.
 */
class SchemaRecordsKafkaITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    private static final Path EXAMPLES = Path.of("../schemas/examples/valid");
    private static final byte[] ABORTED =
            "aborted-and-never-committed".getBytes(StandardCharsets.UTF_8);

    @Test
    void everyRecordTypeRoundTripsThroughTransactionsAndReadCommitted() throws IOException {
        Map<RecordType<?>, String> topics = new LinkedHashMap<>();
        Map<String, Integer> partitions = new LinkedHashMap<>();
        for (RecordType<?> type : RecordType.values()) {
            String topic = KafkaBrokerExtension.uniqueTopic("it." + type.name());
            topics.put(type, topic);
            partitions.put(topic, 2);
        }
        KAFKA.createTopics(partitions);

        Map<RecordType<?>, List<Object>> sent = new LinkedHashMap<>();
        Properties producerProps = KAFKA.producerProperties();
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "schema-it-" + System.nanoTime());
        producerProps.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (RecordType<?> type : RecordType.values()) {
                sent.put(type, sendExamples(producer, type, topics.get(type)));
            }
            producer.commitTransaction();

            producer.beginTransaction();
            for (String topic : topics.values()) {
                producer.send(new ProducerRecord<>(topic, ABORTED));
            }
            producer.flush();
            producer.abortTransaction();
        }

        for (RecordType<?> type : RecordType.values()) {
            String topic = topics.get(type);
            List<byte[]> committed = consume(topic, "read_committed", sent.get(type).size());
            List<Object> received = new ArrayList<>();
            for (byte[] value : committed) {
                ReadResult<?> result =
                        new RecordReader<>(type, ValidationLimits.defaults()).read(value);
                assertThat(result.isOk()).as("%s from %s: %s", type.name(), topic, result).isTrue();
                received.add(result.value());
            }
            assertThat(received)
                    .as("read_committed %s", type.name())
                    .containsExactlyInAnyOrderElementsOf(sent.get(type));

            List<byte[]> uncommitted =
                    consume(topic, "read_uncommitted", sent.get(type).size() + 1);
            assertThat(uncommitted)
                    .as("read_uncommitted sees the aborted record")
                    .contains(ABORTED);
        }
    }

    private static <T> List<Object> sendExamples(
            KafkaProducer<byte[], byte[]> producer, RecordType<T> type, String topic)
            throws IOException {
        RecordReader<T> reader = new RecordReader<>(type, ValidationLimits.defaults());
        RecordWriter<T> writer = new RecordWriter<>(type);
        List<Object> sent = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES.resolve(type.name()))) {
            for (Path file : files.sorted().toList()) {
                T record = reader.read(Files.readAllBytes(file)).value();
                producer.send(new ProducerRecord<>(topic, writer.write(record)));
                sent.add(record);
            }
        }
        assertThat(sent).as("examples of %s", type.name()).isNotEmpty();
        return sent;
    }

    private static List<byte[]> consume(String topic, String isolation, int expected) {
        Properties props = KAFKA.consumerProperties("it-" + isolation + "-" + topic);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    values.add(r.value());
                }
                if (values.size() >= expected) {
                    // One more poll shows that nothing beyond the expected records arrives.
                    consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
                    break;
                }
            }
        }
        assertThat(values).as("records on %s (%s)", topic, isolation).hasSize(expected);
        return values;
    }
}
