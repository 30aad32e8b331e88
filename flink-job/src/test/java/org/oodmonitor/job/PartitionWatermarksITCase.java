package org.oodmonitor.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oodmonitor.inference.data.IdxFiles;
import org.oodmonitor.inference.data.ImageSet;
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.RecordType;

/**
 * Watermarks per Kafka partition: one subtask reads a partition whose events run ten minutes ahead
 * of another's and a third partition that stays empty. No event of the lagging partition is lost as
 * late, and the empty partition does not hold the windows back.
 */
class PartitionWatermarksITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    private static final int PER_PARTITION = 40;

    @Test
    void laggingPartitionLosesNothingAndIdlePartitionHoldsNothingBack() throws Exception {
        String prefix = KafkaBrokerExtension.uniqueTopic("watermarks");
        String images = prefix + ".images";
        String windows = prefix + ".windows";
        KAFKA.createTopics(
                Map.of(
                        images,
                        3,
                        windows,
                        1,
                        prefix + ".dlq",
                        1,
                        prefix + ".alerts",
                        1,
                        prefix + ".scores",
                        1));
        long base =
                System.currentTimeMillis() / 10_000 * 10_000 - Duration.ofMinutes(30).toMillis();
        long ahead = base + Duration.ofMinutes(10).toMillis();
        produce(images, base, ahead);

        // Events dated long before the Kafka timestamps they get: TestJobConfig sets no age limit.
        Configuration config = TestJobConfig.of(KAFKA, prefix);
        config.set(WindowOptions.WINDOW_SIZE, Duration.ofSeconds(10));
        config.set(SourceOptions.IDLENESS, Duration.ofSeconds(1));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        KafkaMonitorJob.wire(env, config);
        JobClient job = env.executeAsync("partition-watermarks-it");
        List<OodRateWindow> got;
        try {
            got =
                    TestTraffic.readCommittedUntil(
                            KAFKA,
                            windows,
                            RecordType.OOD_RATE_WINDOW,
                            w -> events(w) >= 2 * PER_PARTITION,
                            Duration.ofSeconds(90));
        } finally {
            job.cancel().get();
        }

        // 40 one-second events per partition fill four 10-second windows each; the two flush
        // events share a window that the watermark never passes.
        assertThat(got).extracting(OodRateWindow::windowStart).doesNotHaveDuplicates();
        assertThat(got.stream().filter(w -> w.windowStart() < ahead))
                .extracting(OodRateWindow::windowStart, OodRateWindow::eventCount)
                .containsExactlyInAnyOrder(
                        windowsOf(base).toArray(org.assertj.core.groups.Tuple[]::new));
        assertThat(got.stream().filter(w -> w.windowStart() >= ahead))
                .extracting(OodRateWindow::windowStart, OodRateWindow::eventCount)
                .containsExactlyInAnyOrder(
                        windowsOf(ahead).toArray(org.assertj.core.groups.Tuple[]::new));
    }

    private static List<org.assertj.core.groups.Tuple> windowsOf(long start) {
        return Arrays.asList(
                org.assertj.core.groups.Tuple.tuple(start, 10L),
                org.assertj.core.groups.Tuple.tuple(start + 10_000, 10L),
                org.assertj.core.groups.Tuple.tuple(start + 20_000, 10L),
                org.assertj.core.groups.Tuple.tuple(start + 30_000, 10L));
    }

    private static long events(List<OodRateWindow> windows) {
        return windows.stream().mapToLong(OodRateWindow::eventCount).sum();
    }

    /**
     * Partition 0 gets events ten minutes ahead of partition 1's, each one second apart, then one
     * flush event each far ahead so the watermark passes both; partition 2 gets nothing.
     */
    private static void produce(String topic, long base, long ahead) throws Exception {
        ImageSet fashion =
                IdxFiles.readImages(
                        Path.of("../samples/fashion-mnist/t10k-images-idx3-ubyte.gz"), null);
        long flush = base + Duration.ofMinutes(20).toMillis();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(KAFKA.producerProperties())) {
            for (int p = 0; p < 2; p++) {
                long start = p == 0 ? ahead : base;
                for (int i = 0; i <= PER_PARTITION; i++) {
                    long time = i == PER_PARTITION ? flush : start + i * 1000L;
                    String id = "p" + p + "-" + i;
                    byte[] pixels =
                            Arrays.copyOfRange(
                                    fashion.pixels(), (p * 50 + i) * 784, (p * 50 + i + 1) * 784);
                    byte[] value = TestTraffic.imageEvent(id, pixels, time);
                    producer.send(
                            new ProducerRecord<>(
                                    topic, p, id.getBytes(StandardCharsets.UTF_8), value));
                }
            }
            producer.flush();
        }
    }
}
