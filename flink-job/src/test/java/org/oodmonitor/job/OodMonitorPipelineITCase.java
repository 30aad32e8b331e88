package org.oodmonitor.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.job.scoring.ModelSpecs;
import org.oodmonitor.job.source.KafkaSources;
import org.oodmonitor.job.source.RawRecord;
import org.oodmonitor.schemas.ImageEvent;
import org.oodmonitor.schemas.ImagePayload;
import org.oodmonitor.schemas.RecordType;
import org.oodmonitor.schemas.serialization.RecordWriter;

/**
 * The whole pipeline on a Flink MiniCluster with bounded inputs: known images give exactly the
 * alerts and window counts that scoring them directly gives, and bad records of every kind land in
 * the dead letters with their reason while good events keep flowing.
 */
class OodMonitorPipelineITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    private static final Path MODEL = Path.of("../models/fashion-mnist-isomax");
    private static final int N = 40;

    /**
     * With {@code pipeline.generic-types: false} as well: every type on the stream and in state has
     * Flink's own serializer (POJOs, records, primitives), none falls back to Kryo.
     */
    @ParameterizedTest(name = "generic types allowed: {0}")
    @ValueSource(booleans = {true, false})
    void knownInputsGiveExactlyTheExpectedAlertsWindowsAndDeadLetters(boolean genericTypes)
            throws Exception {
        TestTraffic traffic = TestTraffic.of(N, 0, 25);
        List<RawRecord> images = new ArrayList<>();
        for (int i = 0; i < traffic.values().size(); i++) {
            images.add(RawRecord.of("images", i, traffic.values().get(i)));
        }
        List<String> expectedAlerts = traffic.expectedAlerts();
        long[] expectedOod = traffic.expectedOod();
        RecordWriter<ImageEvent> writer = new RecordWriter<>(RecordType.IMAGE_EVENT);
        images.add(RawRecord.of("images", 100, "not json".getBytes(StandardCharsets.UTF_8)));
        images.add(
                RawRecord.of(
                        "images",
                        101,
                        writer.write(
                                ImageEvent.of(
                                        "m",
                                        "camera-1",
                                        "no-such-model",
                                        5,
                                        ImagePayload.raw(new byte[784], 28, 28, 1),
                                        null))));
        List<RawRecord> features =
                List.of(
                        RawRecord.of(
                                "features",
                                0,
                                "{\"schema_version\":1,\"event_id\":\"v\",\"source\":\"api\",\"event_time\":5,\"features\":[1,NaN]}"
                                        .getBytes(StandardCharsets.UTF_8)),
                        RawRecord.of(
                                "features",
                                1,
                                "{\"schema_version\":1,\"event_id\":\"w\",\"source\":\"api\",\"event_time\":5,\"features\":[1,2,3]}"
                                        .getBytes(StandardCharsets.UTF_8)));

        Configuration config = new Configuration();
        config.set(PipelineOptions.GENERIC_TYPES, genericTypes);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        Configuration options = new Configuration();
        options.set(WindowOptions.WINDOW_SIZE, Duration.ofSeconds(1));
        PipelineSettings settings =
                PipelineSettings.from(options, ModelSpecs.single("fashion", MODEL));
        OodMonitorPipeline.Outputs out =
                OodMonitorPipeline.build(
                        KafkaSources.parsed(
                                env.fromData(images, TypeInformation.of(RawRecord.class))
                                        .setParallelism(1),
                                settings.parser(true),
                                settings.watermarks()),
                        KafkaSources.parsed(
                                env.fromData(features, TypeInformation.of(RawRecord.class))
                                        .setParallelism(1),
                                settings.parser(false),
                                settings.watermarks()),
                        settings);
        DataStream<String> all =
                out.alerts()
                        .map(a -> "alert|" + a.score().eventId())
                        .union(
                                out.windows()
                                        .map(
                                                w ->
                                                        "window|"
                                                                + w.windowStart()
                                                                + "|"
                                                                + w.eventCount()
                                                                + "|"
                                                                + w.oodCount()
                                                                + "|"
                                                                + w.flagged()),
                                out.deadLetters()
                                        .map(
                                                d ->
                                                        "dlq|"
                                                                + d.originalTopic()
                                                                + "|"
                                                                + d.originalOffset()
                                                                + "|"
                                                                + d.errorCode()));
        List<String> results = new ArrayList<>();
        try (CloseableIterator<String> it = all.executeAndCollect()) {
            it.forEachRemaining(results::add);
        }

        assertThat(results.stream().filter(r -> r.startsWith("alert|")).map(r -> r.substring(6)))
                .containsExactlyInAnyOrderElementsOf(expectedAlerts);
        assertThat(results.stream().filter(r -> r.startsWith("window|")))
                .containsExactlyInAnyOrder(
                        "window|0|"
                                + (N + 1 - 1)
                                + "|"
                                + expectedOod[0]
                                + "|"
                                + flagged(expectedOod[0]),
                        "window|1000|" + N + "|" + expectedOod[1] + "|" + flagged(expectedOod[1]));
        assertThat(results.stream().filter(r -> r.startsWith("dlq|")))
                .containsExactlyInAnyOrder(
                        "dlq|images|100|MALFORMED_JSON",
                        "dlq|images|101|UNKNOWN_MODEL",
                        "dlq|features|0|SCHEMA_VIOLATION",
                        "dlq|features|1|WRONG_DIMENSION");
        assertThat(expectedOod[1]).as("the digits window is a shift").isGreaterThan(N / 2);
    }

    /**
     * The window flag by a second implementation: P(X >= ood) for X ~ Binomial(N, 0.05), summed
     * exactly with BigDecimal, against the default false-alarm probability 0.001.
     */
    private static boolean flagged(long ood) {
        java.math.BigDecimal p = new java.math.BigDecimal("0.05");
        java.math.BigDecimal q = java.math.BigDecimal.ONE.subtract(p);
        java.math.BigDecimal tail = java.math.BigDecimal.ZERO;
        for (int k = (int) ood; k <= N; k++) {
            java.math.BigInteger choose = java.math.BigInteger.ONE;
            for (int i = 0; i < k; i++) {
                choose =
                        choose.multiply(java.math.BigInteger.valueOf(N - i))
                                .divide(java.math.BigInteger.valueOf(i + 1));
            }
            tail =
                    tail.add(
                            new java.math.BigDecimal(choose)
                                    .multiply(p.pow(k))
                                    .multiply(q.pow(N - k)));
        }
        return tail.compareTo(new java.math.BigDecimal("0.001")) < 0;
    }
}
