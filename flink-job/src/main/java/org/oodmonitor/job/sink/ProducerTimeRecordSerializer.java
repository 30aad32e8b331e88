package org.oodmonitor.job.sink;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
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

    public ProducerTimeRecordSerializer(String topic, RecordType<T> type) {
        this.topic = topic;
        this.values = new JsonRecordSerializationSchema<>(type);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, null, null, values.serialize(element));
    }
}
