package org.oodmonitor.job.sink;

import java.util.Properties;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.util.function.SerializableFunction;
import org.oodmonitor.job.config.MonitorOptions;
import org.oodmonitor.schemas.RecordType;

/** Builds the job's Kafka sinks: exactly-once by default, with an explicit transaction timeout. */
@PublicEvolving
public final class KafkaSinks {

    private KafkaSinks() {}

    /**
     * A sink with the job's delivery guarantee ({@link MonitorOptions#DELIVERY}) and no record
     * keys.
     *
     * @param name distinguishes the transactional ids of the job's sinks
     */
    public static <T> KafkaSink<T> of(
            ReadableConfig config,
            Properties clientProperties,
            String topic,
            RecordType<T> type,
            String name) {
        return of(
                config,
                clientProperties,
                topic,
                type,
                name,
                config.get(MonitorOptions.DELIVERY),
                null);
    }

    /**
     * @param guarantee this sink's delivery guarantee
     * @param key each record's Kafka key, or null for none
     */
    public static <T> KafkaSink<T> of(
            ReadableConfig config,
            Properties clientProperties,
            String topic,
            RecordType<T> type,
            String name,
            DeliveryGuarantee guarantee,
            SerializableFunction<T, String> key) {
        Properties producer = new Properties();
        producer.putAll(clientProperties);
        producer.setProperty(
                "transaction.timeout.ms",
                Long.toString(config.get(MonitorOptions.TRANSACTION_TIMEOUT).toMillis()));
        var builder =
                KafkaSink.<T>builder()
                        .setBootstrapServers(config.get(MonitorOptions.BOOTSTRAP_SERVERS))
                        .setKafkaProducerConfig(producer)
                        .setDeliveryGuarantee(guarantee)
                        .setRecordSerializer(
                                new ProducerTimeRecordSerializer<>(
                                        topic,
                                        type,
                                        key,
                                        type == RecordType.OOD_SCORE || type == RecordType.OOD_ALERT
                                                ? config.get(MonitorOptions.INFERENCE_THREADS)
                                                : -1));
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(
                    config.get(MonitorOptions.TRANSACTIONAL_ID_PREFIX) + "-" + name);
        }
        return builder.build();
    }
}
