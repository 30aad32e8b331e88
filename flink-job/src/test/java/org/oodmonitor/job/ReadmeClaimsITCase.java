package org.oodmonitor.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
import org.oodmonitor.job.config.SourceOptions;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;

/**
 * Claims of the flink-job README, end to end on a real broker: input topics given as {@code
 * pattern:REGEX} are all read; {@code ood.window.max-ood-rate} flags a window the binomial test
 * lets pass, with its reason; and a late event is counted in the next window of its source.
 */
class ReadmeClaimsITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void patternTopicsMaxOodRateAndLateEventsWork() throws Exception {
        String prefix = KafkaBrokerExtension.uniqueTopic("claims");
        String topicA = prefix + ".images-a";
        String topicB = prefix + ".images-b";
        KAFKA.createTopics(
                Map.of(
                        topicA,
                        1,
                        topicB,
                        1,
                        prefix + ".scores",
                        1,
                        prefix + ".alerts",
                        1,
                        prefix + ".windows",
                        1,
                        prefix + ".dlq",
                        1));
        TestTraffic traffic = TestTraffic.of(40, 100, 20);
        traffic.produce(KAFKA, topicA);
        send(topicA, event("a-5000", 5_000));
        send(topicB, event("b-5100", 5_100));

        Configuration config = TestJobConfig.of(KAFKA, prefix);
        config.set(
                TopicOptions.IMAGES_TOPIC,
                "pattern:" + prefix.replace(".", "\\.") + "\\.images-.*");
        config.set(WindowOptions.WINDOW_SIZE, Duration.ofSeconds(1));
        config.set(SourceOptions.OUT_OF_ORDERNESS, Duration.ofMillis(100));
        config.set(SourceOptions.IDLENESS, Duration.ofSeconds(1));
        // The binomial test expects 90% OOD, so it flags nothing; the bound flags above 50%.
        config.set(WindowOptions.EXPECTED_OOD_RATE, 0.9);
        config.set(WindowOptions.MAX_OOD_RATE, 0.5);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(1);
        env.enableCheckpointing(300);
        KafkaMonitorJob.wire(env, config);
        JobClient job = env.executeAsync("readme-claims-it");
        List<OodRateWindow> windows;
        List<OodScore> scores;
        try {
            List<OodRateWindow> first = readWindows(prefix, w -> w.size() >= 2);
            assertThat(first).extracting(OodRateWindow::windowStart).contains(0L, 1000L);
            // Now window 0 is closed: an event of it is late, and counted in the next window
            // of its source that closes, 5000, which the events at 10 s close.
            send(topicA, event("late-500", 500));
            send(topicA, event("a-10000", 10_000));
            send(topicB, event("b-10000", 10_000));
            windows = readWindows(prefix, w -> w.stream().anyMatch(x -> x.windowStart() == 5000L));
            scores =
                    TestTraffic.readCommittedUntil(
                            KAFKA,
                            prefix + ".scores",
                            RecordType.OOD_SCORE,
                            s -> s.size() >= traffic.ids().size() + 3,
                            WAIT);
        } finally {
            job.cancel().get();
        }

        assertThat(scores)
                .extracting(OodScore::eventId)
                .as("both topics the pattern matches are read")
                .contains("a-5000", "b-5100", "late-500")
                .containsAll(traffic.ids());
        OodRateWindow clothes = window(windows, 0);
        OodRateWindow digits = window(windows, 1000);
        assertThat(clothes.flagged()).as("clothes: rate under the bound").isFalse();
        assertThat(digits.oodRate()).isGreaterThan(0.5);
        assertThat(digits.pValue())
                .as("the binomial test alone would not flag")
                .isGreaterThan(0.001);
        assertThat(digits.flagged()).isTrue();
        // Digits are a shift of every kind, so the shift tests name themselves after the bound.
        assertThat(digits.flagReason())
                .startsWith("OOD rate ")
                .contains("> bound 0.5; shift: ")
                .contains("mds p=");
        assertThat(window(windows, 5000).lateEventCount())
                .as("the late event, counted in its source's next window")
                .isEqualTo(1);
        assertThat(clothes.lateEventCount()).isZero();
    }

    private static OodRateWindow window(List<OodRateWindow> windows, long start) {
        List<OodRateWindow> matching =
                windows.stream().filter(w -> w.windowStart() == start).toList();
        assertThat(matching).as("one window at %d", start).hasSize(1);
        return matching.get(0);
    }

    private static List<OodRateWindow> readWindows(
            String prefix, java.util.function.Predicate<List<OodRateWindow>> done) {
        return TestTraffic.readCommittedUntil(
                KAFKA, prefix + ".windows", RecordType.OOD_RATE_WINDOW, done, WAIT);
    }

    private static byte[] event(String id, long time) throws java.io.IOException {
        return TestTraffic.fashionEvent(id, 0, time);
    }

    private static void send(String topic, byte[] value) {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(KAFKA.producerProperties())) {
            producer.send(new ProducerRecord<>(topic, null, value));
            producer.flush();
        }
    }
}
