package org.oodmonitor.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.cli.PackagedCommandLine;
import org.oodmonitor.job.KafkaMonitorJob;
import org.oodmonitor.job.TestClusters;
import org.oodmonitor.job.TestJobConfig;
import org.oodmonitor.job.TestTraffic;
import org.oodmonitor.job.config.KafkaOptions;
import org.oodmonitor.job.config.ModelOptions;
import org.oodmonitor.job.config.TopicOptions;
import org.oodmonitor.job.config.WindowOptions;
import org.oodmonitor.job.scoring.ScoringPlatform;
import org.oodmonitor.kafka.KafkaBrokerExtension;

/**
 * A replay on other CPU kernels than the live job's, as on another machine: the live job runs here,
 * and {@code replay --compare-live} runs in a JVM whose oneDNN is held to SSE4.1 (every x86-64 CI
 * machine has more), so its scores differ from the live ones in the last bits as an Intel replay of
 * an AMD live run would. The audit report must name both platforms, see that the bits differ, and
 * explain every verdict that changed by the stated tolerance.
 */
class CrossKernelReplayITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.flink();

    private static final String ISA = "ONEDNN_MAX_CPU_ISA=SSE41";

    @TempDir Path tmp;

    @Test
    void aReplayOnOtherKernelsNamesBothPlatformsAndExplainsEveryVerdictThatChanged()
            throws Exception {
        String prefix = KafkaBrokerExtension.uniqueTopic("kernels");
        Configuration config = config(prefix);
        KAFKA.createTopics(
                Map.of(
                        prefix + ".images", 2,
                        prefix + ".scores", 1,
                        prefix + ".alerts", 1,
                        prefix + ".windows", 1,
                        prefix + ".dlq", 1,
                        prefix + ".shifts", 1));
        TestTraffic traffic = TestTraffic.of(30, 100, 20);
        long from = System.currentTimeMillis();
        traffic.produce(KAFKA, prefix + ".images");
        long to = System.currentTimeMillis() + 1;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        KafkaMonitorJob.wire(env, config);
        env.execute("live");
        while (System.currentTimeMillis() <= to) {
            Thread.onSpinWait();
        }

        List<String> args =
                new ArrayList<>(
                        List.of(
                                "replay",
                                "--from",
                                Long.toString(from),
                                "--to",
                                Long.toString(to),
                                "--out",
                                "dir:" + tmp.resolve("replay"),
                                "--compare-live",
                                prefix + ".scores"));
        config.toMap()
                .forEach(
                        (key, value) -> {
                            args.add("--set");
                            args.add(key + "=" + value);
                        });
        String err = launch(args, ISA);
        JsonNode report =
                new ObjectMapper().readTree(tmp.resolve("replay/audit-report.json").toFile());
        JsonNode scoring = report.path("scoring");
        JsonNode live = scoring.path("live");
        int events = traffic.ids().size();

        assertThat(report.path("totals").path("events_scored").asLong()).as(err).isEqualTo(events);
        assertThat(scoring.path("platform").asText())
                .as("the replay names the kernel setting it ran with")
                .isEqualTo(ScoringPlatform.current(1).describe() + ", " + ISA);
        assertThat(live.path("live_platforms").toString())
                .as("and the live job's platform, which has none")
                .contains(ScoringPlatform.current(1).describe())
                .doesNotContain(ISA);
        assertThat(live.path("matched").asLong()).isEqualTo(events);
        assertThat(live.path("missing").asLong()).isZero();
        assertThat(live.path("identical_scores").asLong())
                .as("other kernels, other last bits: the comparison must notice")
                .isLessThan(events);
        assertThat(live.path("verdict_differences"))
                .as("every verdict that changed lies within the tolerance of its threshold")
                .allSatisfy(d -> assertThat(d.path("within_tolerance").asBoolean()).isTrue());
        double tolerance = scoring.path("relative_tolerance").asDouble();
        assertThat(tolerance).isPositive();
        assertThat(scoring.path("borderline"))
                .as("the events whose verdict the tolerance could flip are listed")
                .allSatisfy(
                        b ->
                                assertThat(
                                                Math.abs(
                                                        b.path("value").asDouble()
                                                                - b.path("threshold").asDouble()))
                                        .isLessThanOrEqualTo(
                                                tolerance
                                                        * Math.abs(
                                                                b.path("threshold").asDouble())));
    }

    private static Configuration config(String prefix) {
        Configuration config = TestJobConfig.of(KAFKA, prefix);
        // The replay runs in another JVM: the model's path must not depend on where.
        config.set(
                ModelOptions.MODELS,
                Map.of("fashion", TestTraffic.MODEL.toAbsolutePath().normalize().toString()));
        config.set(TopicOptions.SHIFTS_TOPIC, prefix + ".shifts");
        config.set(KafkaOptions.BOUNDED, true);
        config.set(WindowOptions.WINDOW_SIZE, Duration.ofSeconds(1));
        return config;
    }

    /**
     * Runs the packaged command line with {@code kernelSetting} in its environment; returns its
     * standard error after asserting it succeeded.
     */
    private String launch(List<String> args, String kernelSetting) throws Exception {
        ProcessBuilder builder =
                PackagedCommandLine.of(args, tmp.resolve("replay.log"))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(tmp.resolve("replay.err").toFile());
        for (String name : ScoringPlatform.KERNEL_VARIABLES) {
            builder.environment().remove(name);
        }
        String[] setting = kernelSetting.split("=", 2);
        builder.environment().put(setting[0], setting[1]);
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String err = Files.readString(tmp.resolve("replay.err"), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(err).isZero();
        return err;
    }
}
