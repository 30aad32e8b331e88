package org.oodmonitor.job.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The bench command's options and its cheap parsing of output records. */
class BenchOptionsTest {

    @Test
    void defaultsAndEveryOption() {
        BenchOptions d = BenchOptions.parse(new String[0]);
        assertThat(d)
                .isEqualTo(new BenchOptions(20_000, true, 0, 30, Path.of("bench-results.json")));
        BenchOptions o =
                BenchOptions.parse(
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
                            "x.json"
                        });
        assertThat(o).isEqualTo(new BenchOptions(500, false, 250, 5, Path.of("x.json")));
        assertThat(BenchOptions.parse(new String[] {"--help"})).isNull();
    }

    @Test
    void badOptionsAreOneLineErrors() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--kind", "audio"}))
                .hasMessage("--kind must be images or features, was audio");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--events", "ten"}))
                .hasMessage("--events: 'ten' is not a number");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--events", "5"}))
                .hasMessageContaining("at least 100");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--events"}))
                .hasMessage("--events needs a value");
    }

    @Test
    void eventIdIsReadFromAnOutputRecord() {
        byte[] score =
                "{\"schema_version\":2,\"event_id\":\"lat-17\",\"source\":\"s\"}"
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(LatencyProbe.eventId(score)).isEqualTo("lat-17");
        assertThat(LatencyProbe.eventId("{}".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
