package org.oodmonitor.job.sink;

import java.nio.charset.StandardCharsets;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.oodmonitor.job.serialization.JsonRecordSerializationSchema;
import org.oodmonitor.schemas.DeadLetter;
import org.oodmonitor.schemas.RecordType;

/**
 * Writes each output record as JSON to one topic with the Kafka timestamp left to the producer's
 * clock, or, where its {@link OutputGuard} finds it too large or refused by its schema, a dead
 * letter that names it to the dead-letter topic, so that no record fails the sink's transaction.
 * The connector's default would stamp the record with its Flink timestamp, the client's event time,
 * which a broker refuses when it lies more than {@code log.message.timestamp.after.max.ms} ahead
 * (failing the transaction, and the job, in a loop) and whose age could make retention delete fresh
 * output; event times stay in the record's fields.
 */
@Internal
public final class ProducerTimeRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(ProducerTimeRecordSerializer.class);

    private final String topic;
    private final JsonRecordSerializationSchema<T> values;
    private final SerializableFunction<T, String> key;
    private final OutputGuard guard;
    private final String deadLetterTopic;
    private transient JsonRecordSerializationSchema<DeadLetter> deadLetters;

    /** A serializer of records without keys or headers and without a guard, for tests. */
    public ProducerTimeRecordSerializer(String topic, RecordType<T> type) {
        this(topic, type, null, null, null);
    }

    /**
     * @param key each record's Kafka key (UTF-8), or null to write records without keys
     * @param guard what keeps a record the producer could not send, or its readers would refuse,
     *     out of {@code topic}; null for none
     * @param deadLetterTopic where the guard's dead letters go
     */
    public ProducerTimeRecordSerializer(
            String topic,
            RecordType<T> type,
            SerializableFunction<T, String> key,
            OutputGuard guard,
            String deadLetterTopic) {
        this.topic = topic;
        this.values = new JsonRecordSerializationSchema<>(type);
        this.key = key;
        this.guard = guard;
        this.deadLetterTopic = deadLetterTopic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        byte[] value = values.serialize(element);
        String problem = guard == null ? null : guard.problem(value);
        if (problem != null) {
            return replacement(element, value, problem);
        }
        byte[] k = key == null ? null : key.apply(element).getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, null, k, value, new RecordHeaders());
    }

    /**
     * The dead letter written instead of {@code element}: a dead letter too large is itself cut to
     * fit, anything else is named by a dead letter of its own.
     */
    private ProducerRecord<byte[], byte[]> replacement(T element, byte[] value, String problem) {
        if (deadLetters == null) {
            deadLetters = new JsonRecordSerializationSchema<>(RecordType.DEAD_LETTER);
        }
        DeadLetter letter =
                guard.guardsDeadLetters() && element instanceof DeadLetter large
                        ? guard.fit(large)
                        : guard.deadLetter(value, problem, System.currentTimeMillis());
        LOG.warn("Output record replaced by a dead letter on {}: {}", deadLetterTopic, problem);
        return new ProducerRecord<>(
                deadLetterTopic,
                null,
                null,
                null,
                deadLetters.serialize(letter),
                new RecordHeaders());
    }
}
