package org.oodmonitor.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oodmonitor.kafka.KafkaBrokerExtension;

/**
 * The demo end to end on a real broker: the shift is flagged and broken records are dead-lettered.
 */
class DemoCommandITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.create();

    @Test
    void demoFlagsTheShiftAndEndsWithASummary() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit =
                DemoCommand.run(
                        new String[] {
                            "--events",
                            "400",
                            "--rate",
                            "100",
                            "--bootstrap-servers",
                            KAFKA.bootstrapServers(),
                            "--model",
                            "../models/fashion-mnist-isomax",
                            "--vector-model",
                            "../models/fashion-pooled-vectors",
                            "--samples",
                            "../samples"
                        },
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));

        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("stderr: %s%nstdout: %s", err, output).isZero();
        Matcher summary =
                Pattern.compile(
                                "Summary: events (\\d+), labels (\\d+), alerts (\\d+), windows"
                                        + " (\\d+) \\((\\d+) flagged\\), quality windows (\\d+),"
                                        + " dead letters (\\d+), shift alerts (\\d+)")
                        .matcher(output);
        assertThat(summary.find()).as(output).isTrue();
        assertThat(Long.parseLong(summary.group(1)))
                .as("400 images, 200 feature events and 4 broken records")
                .isEqualTo(604);
        assertThat(Long.parseLong(summary.group(2)))
                .as("labels of about half")
                .isBetween(150L, 260L);
        assertThat(Long.parseLong(summary.group(3))).as("alerts").isGreaterThan(50);
        assertThat(Long.parseLong(summary.group(4))).as("windows").isGreaterThanOrEqualTo(1);
        assertThat(Long.parseLong(summary.group(5)))
                .as("flagged windows")
                .isGreaterThanOrEqualTo(1);
        assertThat(Long.parseLong(summary.group(6)))
                .as("quality windows")
                .isGreaterThanOrEqualTo(1);
        assertThat(Long.parseLong(summary.group(7)))
                .as("4 broken records, and the second labels of some images")
                .isGreaterThan(4);
        assertThat(Long.parseLong(summary.group(8)))
                .as("shift alerts: the OOD rate rose for good")
                .isGreaterThanOrEqualTo(1);
        assertThat(output)
                .contains(
                        "FLAGGED: OOD rate",
                        "sending footwear only (a label shift",
                        "SHIFT ",
                        "DEAD LETTER",
                        "MALFORMED_JSON",
                        "ALERT",
                        "embedding-api",
                        "QUALITY ",
                        "DUPLICATE_LABEL");
    }
}
