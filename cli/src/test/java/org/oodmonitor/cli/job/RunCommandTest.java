package org.oodmonitor.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oodmonitor.cli.CommandRunner;
import org.oodmonitor.inference.model.ModelArtifact;
import org.oodmonitor.job.config.JobConfig;
import org.oodmonitor.job.config.KafkaSettings;

/**
 * {@code run} refuses what would make every task fail in {@code open()} and restart for ever, with
 * one line and a non-zero exit before anything starts (issue #19, table B rows 7 and 10).
 */
class RunCommandTest {

    private static final Path MODEL = Path.of("../models/fashion-mnist-isomax").toAbsolutePath();

    @Test
    void aThresholdThatIsNotAFiniteNumberIsAUsageError() {
        for (String value : new String[] {"NaN", "Infinity", "-Infinity"}) {
            Run run =
                    run(
                            "--set",
                            "ood.model.dirs=fashion-mnist-isomax:" + MODEL,
                            "--set",
                            "ood.model.thresholds=fashion-mnist-isomax:" + value);
            assertThat(run.code).as(value).isEqualTo(CommandRunner.USAGE_ERROR);
            assertThat(run.err)
                    .as(value)
                    .isEqualTo(
                            "ood-monitor run: ood.model.thresholds: the threshold of model"
                                    + " 'fashion-mnist-isomax' must be a finite number, was "
                                    + value
                                    + "\n");
        }
    }

    @Test
    void anUncalibratedModelIsRefusedBeforeTheJobStarts(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("uncalibrated"));
        Files.copy(MODEL.resolve("model-0000.params"), dir.resolve("model-0000.params"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(MODEL.resolve("manifest.json").toFile());
        manifest.remove("calibration");
        json.writeValue(dir.resolve(ModelArtifact.MANIFEST).toFile(), manifest);

        Run run = run("--set", "ood.model.dirs=fashion-mnist-isomax:" + dir);

        assertThat(run.code).isEqualTo(CommandRunner.USAGE_ERROR);
        assertThat(run.err)
                .startsWith("ood-monitor run: model 'fashion-mnist-isomax': ")
                .contains("is not calibrated and has no threshold override")
                .hasLineCount(1);
    }

    @Test
    void aMissingOrTamperedModelIsRefusedBeforeAnythingIsSubmitted(@TempDir Path tmp)
            throws Exception {
        Path tampered = Files.createDirectories(tmp.resolve("tampered"));
        for (String file : new String[] {"model-0000.params", ModelArtifact.MANIFEST}) {
            Files.copy(MODEL.resolve(file), tampered.resolve(file));
        }
        byte[] weights = Files.readAllBytes(tampered.resolve("model-0000.params"));
        weights[weights.length / 2] ^= 1;
        Files.write(tampered.resolve("model-0000.params"), weights);
        String[][] cases = {
            {tmp.resolve("missing").toString(), "missing"},
            {tampered.toString(), "checksum mismatch for model-0000.params"},
        };
        for (String[] c : cases) {
            // Nothing listens on port 9: a submission would fail with another message.
            Run run =
                    run(
                            "--cluster",
                            "http://127.0.0.1:9",
                            "--set",
                            "ood.model.dirs=fashion-mnist-isomax:" + c[0]);
            assertThat(run.code).as(c[0]).isEqualTo(CommandRunner.USAGE_ERROR);
            assertThat(run.err)
                    .as(c[0])
                    .startsWith("ood-monitor run: model 'fashion-mnist-isomax': ")
                    .containsIgnoringCase(c[1])
                    .doesNotContain("submitting")
                    .hasLineCount(1);
        }
    }

    @Test
    void aConfigFileThatIsMissingEndlessOrHugeIsOneLine(@TempDir Path tmp) throws Exception {
        Path huge = tmp.resolve("huge.yaml");
        Files.write(huge, new byte[(int) JobConfig.MAX_CONFIG_BYTES + 1]);
        String[][] cases = {
            {"/no/such/config.yaml", "config file /no/such/config.yaml not found"},
            {"/dev/zero", "config file /dev/zero is not a regular file"},
            {tmp.toString(), "is not a regular file but a directory"},
            {huge.toString(), "bytes; at most " + JobConfig.MAX_CONFIG_BYTES + " are read"},
        };
        for (String[] c : cases) {
            Run run = run("--config", c[0]);
            assertThat(run.code).as(c[0]).isNotZero();
            assertThat(run.err)
                    .as(c[0])
                    .startsWith("ood-monitor run: ")
                    .contains(c[1])
                    .hasLineCount(1);
        }
    }

    @Test
    void aKafkaStoreThatItsPasswordDoesNotOpenIsOneLineNamingTheCause(@TempDir Path tmp)
            throws Exception {
        Path store = tmp.resolve("client.p12");
        String password = "right-" + System.nanoTime();
        keyPair(store, password);
        String wrong = "wrong-" + System.nanoTime();
        String tls = "security.protocol=SASL_SSL\n";
        String[][] cases = {
            {
                tls + "ssl.truststore.location=" + store + "\nssl.truststore.password=" + wrong,
                "ssl.truststore.password does not open "
                        + store
                        + ": keystore password was incorrect"
            },
            {
                tls + "ssl.truststore.location=" + tmp.resolve("missing.p12"),
                "ssl.truststore.location: " + tmp.resolve("missing.p12") + " does not exist"
            },
            {
                tls + "ssl.keystore.location=" + store + "\nssl.keystore.password=" + wrong,
                "ssl.keystore.password does not open " + store + ": keystore password was incorrect"
            },
            {
                tls
                        + "ssl.keystore.location="
                        + store
                        + "\nssl.keystore.password="
                        + password
                        + "\nssl.key.password="
                        + wrong,
                "ssl.key.password does not open the key 'client' in " + store + ": "
            },
        };
        Path properties = tmp.resolve("kafka-client.properties");
        for (String[] c : cases) {
            Files.writeString(properties, c[0]);
            Run run =
                    run(
                            "--set",
                            "ood.model.dirs=fashion-mnist-isomax:" + MODEL,
                            "--set",
                            "ood.kafka.properties-file=" + properties);
            assertThat(run.code).as(c[0]).isEqualTo(CommandRunner.USAGE_ERROR);
            assertThat(run.err)
                    .as(c[0])
                    .startsWith("ood-monitor run: " + c[1])
                    .hasLineCount(1)
                    .doesNotContain(wrong)
                    .doesNotContain(password);
        }

        Files.writeString(
                properties,
                tls
                        + "ssl.truststore.location="
                        + store
                        + "\nssl.truststore.password="
                        + password
                        + "\nssl.keystore.location="
                        + store
                        + "\nssl.keystore.password="
                        + password);
        assertThat(
                        KafkaSettings.from(
                                        JobConfig.load(
                                                null,
                                                List.of("ood.kafka.properties-file=" + properties)))
                                .clientProperties())
                .as("stores their passwords open")
                .containsEntry("ssl.truststore.location", store.toString());
        Files.writeString(
                properties,
                "security.protocol=PLAINTEXT\nssl.truststore.location="
                        + store
                        + "\nssl.truststore.password="
                        + wrong);
        assertThat(
                        KafkaSettings.from(
                                        JobConfig.load(
                                                null,
                                                List.of("ood.kafka.properties-file=" + properties)))
                                .clientProperties())
                .as("without TLS Kafka reads no store, and neither does the check")
                .containsEntry("ssl.truststore.password", wrong);
    }

    /** A PKCS12 store with one key pair, alias {@code client}, made by the JDK's keytool. */
    private static void keyPair(Path store, String password) throws Exception {
        ProcessBuilder keytool =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "keytool")
                                        .toString(),
                                "-genkeypair",
                                "-alias",
                                "client",
                                "-keyalg",
                                "RSA",
                                "-keysize",
                                "2048",
                                "-dname",
                                "CN=client",
                                "-storetype",
                                "PKCS12",
                                "-keystore",
                                store.toString(),
                                "-storepass:env",
                                "STORE_PASSWORD",
                                "-keypass:env",
                                "STORE_PASSWORD")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        keytool.environment().put("STORE_PASSWORD", password);
        assertThat(keytool.start().waitFor()).as("keytool's exit code").isZero();
    }

    private record Run(int code, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                CommandRunner.run(
                        new RunCommand(),
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, err.toString(StandardCharsets.UTF_8));
    }
}
