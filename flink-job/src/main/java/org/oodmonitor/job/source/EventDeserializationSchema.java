package org.oodmonitor.job.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses every Kafka record into a {@link ParsedRecord} in the source itself and never fails: a
 * record that is not a valid event becomes a dead letter instead of failing the job in a loop.
 * Parsing here lets the source assign event times and watermarks per Kafka partition.
 */
@Internal
public final class EventDeserializationSchema
        implements KafkaRecordDeserializationSchema<ParsedRecord> {

    private static final long serialVersionUID = 1L;

    private final EventParser parser;

    public EventDeserializationSchema(EventParser parser) {
        this.parser = parser;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord> out) {
        out.collect(parser.parse(RawRecord.of(record)));
    }

    @Override
    public TypeInformation<ParsedRecord> getProducedType() {
        return TypeInformation.of(ParsedRecord.class);
    }
}
