package org.oodmonitor.cli.bench;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes records' bytes unchanged to one topic, for the pass-through job. */
final class RawBytesSerializer implements KafkaRecordSerializationSchema<byte[]> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    RawBytesSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            byte[] element, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, null, null, element);
    }
}
