package org.oodmonitor.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.oodmonitor.inference.scoring.BatchScorer;
import org.oodmonitor.inference.scoring.EventInput;
import org.oodmonitor.inference.scoring.Outcome;
import org.oodmonitor.job.PipelineSettings;
import org.oodmonitor.job.scoring.ModelRegistry;
import org.oodmonitor.job.scoring.ScoreBuilder;
import org.oodmonitor.job.scoring.ServedModel;
import org.oodmonitor.job.source.EventParser;
import org.oodmonitor.job.source.MonitorEvent;
import org.oodmonitor.job.source.ParsedRecord;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/**
 * The same work without Flink, what a user's own consumer script would do: one {@code
 * KafkaConsumer} (read_committed), the job's parser, batched scoring with the job's {@code
 * BatchScorer} and decision, the same score records to a {@code KafkaProducer}; at least once
 * (offsets committed after the batch's records are acknowledged) or transactional (offsets sent in
 * each batch's transaction). Its rate comes from its outputs' timestamps, as the job's does.
 */
final class PlainJavaBaseline {

    private PlainJavaBaseline() {}

    /**
     * Consumes {@code events} records of {@code input}, writes their scores to {@code output} and
     * returns the steady-state rate of the outputs, events/s.
     */
    static double run(
            String servers,
            Configuration config,
            String input,
            String output,
            int events,
            boolean images,
            boolean transactional)
            throws Exception {
        PipelineSettings settings = PipelineSettings.from(config);
        int batch = settings.scoring().maxBatchSize();
        int threads = Runtime.getRuntime().availableProcessors();
        RecordWriter<OodScore> writer = new RecordWriter<>(RecordType.OOD_SCORE);
        Properties consumerProps = OutputTimes.committedFromEarliest(servers, "plain-" + output);
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batch * 8);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        if (transactional) {
            producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "plain-" + System.nanoTime());
        }
        EventParser parser = settings.parser(images);
        try (ModelRegistry registry = settings.models().open();
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps);
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(
                                producerProps,
                                new ByteArraySerializer(),
                                new ByteArraySerializer())) {
            if (transactional) {
                producer.initTransactions();
            }
            consumer.subscribe(List.of(input));
            Map<String, BatchScorer> scorers = new HashMap<>();
            int consumed = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (consumed < events && System.nanoTime() < deadline) {
                var polled = consumer.poll(Duration.ofMillis(200));
                if (polled.isEmpty()) {
                    continue;
                }
                if (transactional) {
                    producer.beginTransaction();
                }
                Map<String, List<MonitorEvent>> byModel = new LinkedHashMap<>();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    consumed++;
                    offsets.put(
                            new TopicPartition(r.topic(), r.partition()),
                            new OffsetAndMetadata(r.offset() + 1));
                    RawRecord raw = RawRecord.of(r);
                    ParsedRecord parsed = parser.parse(raw);
                    if (parsed.isEvent()) {
                        MonitorEvent event = parsed.event();
                        String model =
                                settings.models().servingName(event.modelName(), event.source());
                        byModel.computeIfAbsent(model, m -> new ArrayList<>()).add(event);
                    }
                }
                for (Map.Entry<String, List<MonitorEvent>> e : byModel.entrySet()) {
                    ServedModel served = registry.resolve(e.getKey()).orElse(null);
                    if (served == null) {
                        continue;
                    }
                    BatchScorer scorer =
                            scorers.computeIfAbsent(e.getKey(), m -> served.scorer(batch, threads));
                    List<MonitorEvent> all = e.getValue();
                    for (int from = 0; from < all.size(); from += batch) {
                        List<MonitorEvent> part =
                                all.subList(from, Math.min(all.size(), from + batch));
                        List<EventInput> inputs = new ArrayList<>(part.size());
                        part.forEach(ev -> inputs.add(ev.input()));
                        List<Outcome> outcomes = scorer.score(inputs).outcomes();
                        for (int i = 0; i < part.size(); i++) {
                            if (outcomes.get(i) instanceof Outcome.Scored s) {
                                OodScore score =
                                        ScoreBuilder.of(
                                                part.get(i),
                                                s.verdict(),
                                                s.logits(),
                                                served.model(),
                                                false,
                                                System.currentTimeMillis());
                                producer.send(
                                        new ProducerRecord<>(
                                                output,
                                                null,
                                                null,
                                                score.eventId()
                                                        .getBytes(
                                                                java.nio.charset.StandardCharsets
                                                                        .UTF_8),
                                                writer.write(score)));
                            }
                        }
                    }
                }
                if (transactional) {
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                    producer.commitTransaction();
                } else {
                    producer.flush();
                    consumer.commitSync(offsets);
                }
            }
        }
        List<Long> times = OutputTimes.read(servers, output, events, Duration.ofMinutes(2));
        return OutputTimes.steadyRate(times);
    }
}
