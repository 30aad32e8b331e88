package org.oodmonitor.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oodmonitor.job.config.MonitorOptions;
import org.oodmonitor.job.sink.KafkaSinks;
import org.oodmonitor.job.source.KafkaSources;
import org.oodmonitor.job.source.ParsedRecord;
import org.oodmonitor.kafka.KafkaBrokerExtension;
import org.oodmonitor.schemas.OodRateWindow;
import org.oodmonitor.schemas.OodScore;
import org.oodmonitor.schemas.RecordType;

/**
 * Failure injection: a task fails mid-stream after a checkpoint, the job restarts from it, and a
 * read_committed consumer still sees every alert exactly once and the windows of a failure-free
 * run.
 */
class FailureRecoveryITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    private static final Path MODEL = Path.of("../models/fashion-mnist-isomax");
    private static final int N = 40;

    @Test
    void alertsExactlyOnceAndWindowsUnchangedAcrossARestart() throws Exception {
        String prefix = KafkaBrokerExtension.uniqueTopic("recovery");
        String images = prefix + ".images";
        String alerts = prefix + ".alerts";
        String windows = prefix + ".windows";
        String dlq = prefix + ".dlq";
        KAFKA.createTopics(Map.of(images, 1, alerts, 1, windows, 1, dlq, 1));
        TestTraffic traffic = TestTraffic.of(N, 100, 20);
        traffic.produce(KAFKA, images);
        long[] expectedOod = traffic.expectedOod();
        List<String> expectedAlerts = traffic.expectedAlerts();

        Configuration config = new Configuration();
        config.set(MonitorOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        // TestTraffic's events are dated 1970, far behind their Kafka timestamps.
        config.set(MonitorOptions.EVENT_TIME_MAX_AGE, java.time.Duration.ZERO);
        config.set(MonitorOptions.STARTING_OFFSETS, "earliest");
        config.set(MonitorOptions.BOUNDED, true);
        config.set(MonitorOptions.MODELS, Map.of("fashion", MODEL.toString()));
        config.set(MonitorOptions.DEFAULT_MODEL, "fashion");
        config.set(MonitorOptions.WINDOW_SIZE, Duration.ofSeconds(1));
        config.set(MonitorOptions.TRANSACTIONAL_ID_PREFIX, prefix);
        config.set(MonitorOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(1));

        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(restarts);
        env.setParallelism(1);
        env.enableCheckpointing(300);
        Properties clients = new Properties();
        PipelineSettings settings = KafkaMonitorJob.settings(config);
        DataStream<ParsedRecord> input =
                env.fromSource(
                                KafkaSources.of(config, clients, images, settings.parser(true)),
                                settings.watermarks(),
                                "images")
                        .map(new FailOnceAfterCheckpoint<ParsedRecord>())
                        .returns(TypeInformation.of(ParsedRecord.class));
        OodMonitorPipeline.Outputs out = OodMonitorPipeline.build(input, null, settings);
        out.alerts().sinkTo(KafkaSinks.of(config, clients, alerts, RecordType.OOD_ALERT, "alerts"));
        out.windows()
                .sinkTo(
                        KafkaSinks.of(
                                config, clients, windows, RecordType.OOD_RATE_WINDOW, "windows"));
        out.deadLetters()
                .sinkTo(KafkaSinks.of(config, clients, dlq, RecordType.DEAD_LETTER, "dlq"));
        FailOnceAfterCheckpoint.FAILED.set(false);

        env.execute("failure-recovery-it");

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();
        List<OodScore> gotAlerts = read(alerts, RecordType.OOD_ALERT, expectedAlerts.size());
        assertThat(gotAlerts)
                .extracting(OodScore::eventId)
                .containsExactlyInAnyOrderElementsOf(expectedAlerts);
        List<OodRateWindow> gotWindows = read(windows, RecordType.OOD_RATE_WINDOW, 2);
        assertThat(gotWindows)
                .extracting(w -> w.windowStart() + ":" + w.eventCount() + ":" + w.oodCount())
                .containsExactlyInAnyOrder(
                        "0:" + N + ":" + expectedOod[0], "1000:" + N + ":" + expectedOod[1]);
    }

    private static <T> List<T> read(String topic, RecordType<T> type, int expected) {
        return TestTraffic.readCommitted(KAFKA, topic, type, expected);
    }
}
