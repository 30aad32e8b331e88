package org.oodmonitor.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench command's options and its cheap parsing of output records. */
class BenchOptionsTest {

    @Test
    void defaultsAndEveryOption() {
        BenchOptions d = BenchCommand.options();
        assertThat(d)
                .isEqualTo(
                        new BenchOptions(
                                20_000,
                                true,
                                0,
                                30,
                                Path.of("bench-results.json"),
                                Map.of(),
                                0,
                                10_000));
        BenchOptions o =
                BenchCommand.options(
                        new String[] {
                            "--events",
                            "500",
                            "--kind",
                            "features",
                            "--rate",
                            "250",
                            "--latency-seconds",
                            "5",
                            "--out",
                            "x.json",
                            "--set",
                            "ood.batch.max-delay=20ms",
                            "--set",
                            "ood.batch.max-size = 32",
                            "--soak-minutes",
                            "10",
                            "--sources",
                            "50"
                        });
        assertThat(o)
                .isEqualTo(
                        new BenchOptions(
                                500,
                                false,
                                250,
                                5,
                                Path.of("x.json"),
                                Map.of("ood.batch.max-delay", "20ms", "ood.batch.max-size", "32"),
                                10,
                                50));
    }

    @Test
    void badOptionsAreOneLineErrors() {
        assertThatThrownBy(() -> BenchCommand.options("--kind", "audio"))
                .hasMessage("--kind must be images or features, was audio");
        assertThatThrownBy(() -> BenchCommand.options("--events", "ten"))
                .hasMessage("Invalid value for option '--events': 'ten' is not an int");
        assertThatThrownBy(() -> BenchCommand.options("--events", "5"))
                .hasMessageContaining("at least 100");
        assertThatThrownBy(() -> BenchCommand.options("--events"))
                .hasMessage("Missing required parameter for option '--events' (N)");
        assertThatThrownBy(() -> BenchCommand.options("--set", "no-value"))
                .hasMessageEndingWith(
                        "'--set' (KEY=VALUE) should be in KEY=VALUE format but was no-value");
    }

    @Test
    void eventIdIsReadFromAnOutputRecord() {
        byte[] score =
                "{\"schema_version\":2,\"event_id\":\"lat-17\",\"source\":\"s\"}"
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(LatencyProbe.eventId(score)).isEqualTo("lat-17");
        assertThat(LatencyProbe.eventId("{}".getBytes(StandardCharsets.UTF_8))).isNull();
        byte[] timed =
                "{\"event_id\":\"x\",\"processing_time\":1767225600035,\"is_ood\":false}"
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(LatencyProbe.processingTime(timed)).isEqualTo(1767225600035L);
    }
}
