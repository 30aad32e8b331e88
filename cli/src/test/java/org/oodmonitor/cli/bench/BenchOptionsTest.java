package org.oodmonitor.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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
                                1,
                                null,
                                null));
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
                            "ood.batch.max-size = 32"
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
                                0,
                                1,
                                null,
                                null));
    }

    @Test
    void theSoakIsASubcommandWithItsOwnOptions() {
        BenchCommand parent = new BenchCommand();
        CommandLine line = new CommandLine(parent);
        CommandLine.ParseResult parsed =
                line.parseArgs(
                        "soak",
                        "--minutes",
                        "3",
                        "--sources",
                        "50",
                        "--kind",
                        "features",
                        "--set",
                        "ood.batch.max-size=8");
        BenchSoakCommand soak = (BenchSoakCommand) parsed.subcommand().commandSpec().userObject();
        BenchOptions o = soak.options();
        assertThat(o.soakMinutes()).isEqualTo(3);
        assertThat(o.sources()).isEqualTo(50);
        assertThat(o.images()).isFalse();
        assertThat(o.rate()).isEqualTo(1000);
        assertThat(o.settings()).containsEntry("ood.batch.max-size", "8");
        assertThat(o.out()).isEqualTo(Path.of("bench-soak.json"));
        BenchSoakCommand none =
                (BenchSoakCommand)
                        new CommandLine(new BenchCommand())
                                .parseArgs("soak", "--minutes", "0")
                                .subcommand()
                                .commandSpec()
                                .userObject();
        assertThatThrownBy(none::options).hasMessage("--minutes must be at least 1, was 0");
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
    void aUsersModelIsBenchedWithImageFiles() {
        BenchOptions o = BenchCommand.options("--model", "/tmp/resnet64", "--traffic", "imgs");
        assertThat(o.model()).isEqualTo(Path.of("/tmp/resnet64"));
        assertThat(o.traffic()).isEqualTo(Path.of("imgs"));
        assertThat(BenchCommand.options("--model", "m").traffic()).isNull();
        assertThatThrownBy(() -> BenchCommand.options("--traffic", "imgs"))
                .hasMessage(
                        "--traffic gives the image files of --model's events; give --model too");
        assertThatThrownBy(() -> BenchCommand.options("--model", "m", "--kind", "features"))
                .hasMessage("--model benches image events: it needs --kind images");
    }

    @Test
    void theEventsOfImageFilesCarryTheFilesAndNoiseAsRawRgb() throws Exception {
        Path folder = Path.of("../examples/torchscript/images/val");
        BenchTraffic traffic = BenchTraffic.ofFiles(folder);
        JsonNode event =
                new ObjectMapper()
                        .readTree(traffic.event(0, 1_767_225_600_000L, false, "camera-1"));
        Path first;
        try (var files = java.nio.file.Files.walk(folder)) {
            first = files.filter(f -> f.toString().endsWith(".png")).sorted().findFirst().get();
        }
        assertThat(event.at("/image/encoding").asText()).isEqualTo("png");
        assertThat(Base64.getDecoder().decode(event.at("/image/data").asText()))
                .isEqualTo(java.nio.file.Files.readAllBytes(first));
        JsonNode noise =
                new ObjectMapper().readTree(traffic.event(1, 1_767_225_600_000L, true, "camera-1"));
        assertThat(noise.at("/image/encoding").asText()).isEqualTo("raw");
        assertThat(noise.at("/image/channels").asInt()).isEqualTo(3);
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
