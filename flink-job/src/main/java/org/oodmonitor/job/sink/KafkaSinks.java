package org.oodmonitor.job.sink;

import java.util.Properties;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.util.function.SerializableFunction;
import org.oodmonitor.job.config.KafkaSettings;
import org.oodmonitor.job.scoring.ScoredEvent;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;

/**
 * Builds the job's Kafka sinks: exactly-once by default, with an explicit transaction timeout, and
 * each behind the one {@link OutputGuard}, so that no record it is given can fail its transaction.
 */
@PublicEvolving
public final class KafkaSinks {

    private KafkaSinks() {}

    /**
     * A sink with the job's delivery guarantee ({@link KafkaSettings#delivery()}) and no record
     * keys.
     *
     * @param name distinguishes the transactional ids of the job's sinks
     */
    public static <T> KafkaSink<T> of(
            KafkaSettings kafka, String topic, RecordType<T> type, String name) {
        return of(kafka, topic, type, name, kafka.writing().delivery(), null);
    }

    /**
     * @param guarantee this sink's delivery guarantee
     * @param key each record's Kafka key, or null for none
     */
    public static <T> KafkaSink<T> of(
            KafkaSettings kafka,
            String topic,
            RecordType<T> type,
            String name,
            DeliveryGuarantee guarantee,
            SerializableFunction<T, String> key) {
        return build(kafka, name, guarantee, serializer(kafka, topic, type, key));
    }

    /**
     * A sink of the score records of scored events ({@code type} is {@link RecordType#OOD_SCORE} or
     * {@link RecordType#OOD_ALERT}), keyed by event id, each with a header that names the platform
     * which scored it ({@link ScoredEventRecordSerializer#PLATFORM_HEADER}).
     */
    public static KafkaSink<ScoredEvent> scores(
            KafkaSettings kafka,
            String topic,
            RecordType<OodScore> type,
            String name,
            DeliveryGuarantee guarantee) {
        return build(
                kafka,
                name,
                guarantee,
                new ScoredEventRecordSerializer(
                        topic, serializer(kafka, topic, type, OodScore::eventId)));
    }

    private static <T> ProducerTimeRecordSerializer<T> serializer(
            KafkaSettings kafka,
            String topic,
            RecordType<T> type,
            SerializableFunction<T, String> key) {
        return new ProducerTimeRecordSerializer<>(
                topic,
                type,
                key,
                new OutputGuard(type, topic, kafka.writing().maxOutputBytes()),
                kafka.topics().deadLetters());
    }

    private static <T> KafkaSink<T> build(
            KafkaSettings kafka,
            String name,
            DeliveryGuarantee guarantee,
            KafkaRecordSerializationSchema<T> serializer) {
        Properties producer = kafka.clientProperties();
        producer.setProperty(
                "transaction.timeout.ms",
                Long.toString(kafka.writing().transactionTimeout().toMillis()));
        var builder =
                KafkaSink.<T>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setKafkaProducerConfig(producer)
                        .setDeliveryGuarantee(guarantee)
                        .setRecordSerializer(serializer);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(kafka.writing().transactionalIdPrefix() + "-" + name);
        }
        return builder.build();
    }
}
