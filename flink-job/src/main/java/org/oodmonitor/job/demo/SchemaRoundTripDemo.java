package org.oodmonitor.job.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.examples.ExampleRecords;
import org.oodmonitor.schemas.examples.ExampleRecords.Example;
import org.oodmonitor.schemas.serialization.ReadResult;
import org.oodmonitor.schemas.serialization.RecordReader;
import org.oodmonitor.schemas.serialization.RecordWriter;
import org.oodmonitor.schemas.validation.ValidationLimits;

/**
 * The foundation demo: sends every bundled example record, valid and invalid, to its topic in one
 * Kafka transaction, reads them back with read_committed, validates each, and routes the invalid
 * ones to the dead-letter topic with the reason and their coordinates.
 */
final class SchemaRoundTripDemo {

    private static final int MAX_DEAD_LETTER_PAYLOAD = 64 * 1024;

    private final String bootstrapServers;
    private final DemoPrinter printer;

    SchemaRoundTripDemo(String bootstrapServers, DemoPrinter printer) {
        this.bootstrapServers = bootstrapServers;
        this.printer = printer;
    }

    /** Runs the round trip and returns its totals. */
    DemoSummary run() {
        List<Example> examples = ExampleRecords.all();
        sendInOneTransaction(examples);
        printer.sent(examples.size(), DemoTopics.partitions().size());

        List<ConsumerRecord<byte[], byte[]>> received = consume(dataTopics(), examples.size());
        DemoSummary summary = new DemoSummary();
        RecordWriter<DeadLetter> deadLetterWriter = new RecordWriter<>(RecordType.DEAD_LETTER);
        Map<RecordType<?>, RecordReader<?>> readers = new LinkedHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(null)) {
            for (ConsumerRecord<byte[], byte[]> record : received) {
                RecordType<?> type = DemoTopics.typeOf(record.topic());
                ReadResult<?> result =
                        readers.computeIfAbsent(
                                        type,
                                        t -> new RecordReader<>(t, ValidationLimits.defaults()))
                                .read(record.value());
                if (result.isOk()) {
                    summary.valid(type);
                    printer.valid(record, type, result.value());
                } else {
                    DeadLetter letter =
                            DeadLetter.of(
                                    record.topic(),
                                    record.partition(),
                                    record.offset(),
                                    record.timestamp(),
                                    record.key(),
                                    record.value(),
                                    MAX_DEAD_LETTER_PAYLOAD,
                                    result.errorCode(),
                                    result.errorMessage(),
                                    System.currentTimeMillis());
                    producer.send(
                            new ProducerRecord<>(
                                    DemoTopics.DEAD_LETTER, deadLetterWriter.write(letter)));
                    summary.deadLettered(type);
                    printer.deadLettered(letter);
                }
            }
            producer.flush();
        }
        return summary;
    }

    private void sendInOneTransaction(List<Example> examples) {
        try (KafkaProducer<byte[], byte[]> producer = producer("ood-demo-" + System.nanoTime())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (Example example : examples) {
                producer.send(
                        new ProducerRecord<>(DemoTopics.topicOf(example.type()), example.bytes()));
            }
            producer.commitTransaction();
        }
    }

    private static List<String> dataTopics() {
        List<String> topics = new ArrayList<>(DemoTopics.partitions().keySet());
        topics.remove(DemoTopics.DEAD_LETTER);
        topics.add(DemoTopics.DEAD_LETTER);
        return topics;
    }

    private List<ConsumerRecord<byte[], byte[]>> consume(List<String> topics, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "ood-demo-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            long deadline = System.currentTimeMillis() + 60_000;
            while (records.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        if (records.size() < expected) {
            throw new IllegalStateException(
                    "Read " + records.size() + " of " + expected + " records within 60 s");
        }
        return records;
    }

    private KafkaProducer<byte[], byte[]> producer(String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        }
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
