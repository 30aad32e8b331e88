package org.oodmonitor.job.sink;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.oodmonitor.job.serialization.JsonRecordSerializationSchema;
import org.oodmonitor.schemas.RecordType;

/**
 * Writes each output record as JSON to one topic with the Kafka timestamp left to the producer's
 * clock. The connector's default would stamp the record with its Flink timestamp, the client's
 * event time, which a broker refuses when it lies more than {@code
 * log.message.timestamp.after.max.ms} ahead (failing the transaction, and the job, in a loop) and
 * whose age could make retention delete fresh output; event times stay in the record's fields.
 */
public final class ProducerTimeRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final JsonRecordSerializationSchema<T> values;
    private final SerializableFunction<T, String> key;

    public ProducerTimeRecordSerializer(String topic, RecordType<T> type) {
        this(topic, type, null);
    }

    /**
     * @param key each record's Kafka key (UTF-8), or null to write records without keys
     */
    public ProducerTimeRecordSerializer(
            String topic, RecordType<T> type, SerializableFunction<T, String> key) {
        this.topic = topic;
        this.values = new JsonRecordSerializationSchema<>(type);
        this.key = key;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        byte[] k = key == null ? null : key.apply(element).getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, null, k, values.serialize(element));
    }
}
